import { test, expect, type Page } from "@playwright/test";
import { ready } from "./helpers";

async function openHydrated(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
}

test("switching the language shows the same page in the other language", async ({ page }) => {
  await openHydrated(page, "/");
  await expect(page.locator("h1")).toHaveText("Your direct line to Nordhydraulik");
  await page.locator('.language-switch a[data-locale="de"]').click();
  await expect(page.locator("h1")).toHaveText("Ihr direkter Draht zu Nordhydraulik");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  expect(new URL(page.url()).pathname).toBe("/");
  // The choice is remembered: a fresh load is German too.
  await page.reload();
  await expect(page.locator("h1")).toHaveText("Ihr direkter Draht zu Nordhydraulik");
});

test("catalog shows German money and pages through the products", async ({ page }) => {
  await page.context().addCookies([{ name: "kontor_lang", value: "de", url: "http://127.0.0.1" }]);
  await openHydrated(page, "/catalog");
  const row = page.locator("tr", { hasText: "NH-PMP-1000" });
  await expect(row).toContainText("Axialkolbenpumpe AP-45");
  await expect(row).toContainText("1.290,00\u00a0€");
  await page.getByRole("link", { name: "Nächste Seite" }).click();
  // Twelve per page in SKU order: accessories, pumps, then spare parts from 3030 on.
  await expect(page.locator("tr", { hasText: "NH-SPR-3030" })).toBeVisible();
  await expect(page).toHaveURL(/after=NH-SPR-3020/);
  await expect(page.locator("tr", { hasText: "NH-PMP-1000" })).toHaveCount(0);
});

test("the catalog's rows follow a change of language", async ({ page }) => {
  await page.context().addCookies([{ name: "kontor_lang", value: "en", url: "http://127.0.0.1" }]);
  await openHydrated(page, "/catalog?q=AP-45");
  const row = page.locator('tr[data-sku="NH-PMP-1000"]');
  await expect(row).toContainText("Axial piston pump AP-45");
  await expect(row).toContainText("€1,290.00");
  await expect(row.locator("td.sku")).toHaveAttribute("data-label", "SKU");
  await page.locator('.language-switch a[data-locale="de"]').click();
  // Names, money, units and the phone's cell labels, all in German, the search kept.
  await expect(row).toContainText("Axialkolbenpumpe AP-45");
  await expect(row).toContainText("1.290,00\u00a0€");
  await expect(row.locator("td.sku")).toHaveAttribute("data-label", "Artikelnr.");
  await expect(page).toHaveURL(/\/catalog\?q=AP-45$/);
  // Back to English for the tests after.
  await page.locator('.language-switch a[data-locale="en"]').click();
  await expect(row).toContainText("Axial piston pump AP-45");
});

test("a product's name in the catalog opens its page", async ({ page }) => {
  await openHydrated(page, "/catalog");
  await page.locator('tr[data-sku="NH-PMP-1000"]').getByRole("link", { name: "Axial piston pump AP-45" }).click();
  await expect(page).toHaveURL(/\/catalog\/NH-PMP-1000$/);
  await expect(page.locator("h1")).toHaveText("Axial piston pump AP-45, 45 cm³");
});

test("an unknown page is the designed not-found page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.locator("h1")).toHaveText("Page not found");
  await expect(page.getByRole("link", { name: "Back to the start page" })).toBeVisible();
});

test("on a phone the navigation opens from the menu button @phone", async ({ page }) => {
  await openHydrated(page, "/");
  const nav = page.locator("#site-nav");
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Catalog" }).click();
  await expect(page.locator("h1")).toHaveText("Catalog");
  await expect(nav).toBeHidden();
});

test("an answer a plain post brought back leaves the address once the page is shown", async ({ page }) => {
  // As the browser lands after a refused plain sign-in: the answer and the kept
  // address in the query.
  await openHydrated(page, '/sign-in?next=%2Forders&answered=1&sign_in="Invalid"&email=egon%40mueller.example');
  await expect(page.getByRole("alert")).toHaveText("E-mail address or password is not correct.");
  await expect(page.getByLabel("E-mail address")).toHaveValue("egon@mueller.example");
  // The page shows it; the address keeps only the page's own parameter.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Forders$/);
  await page.reload();
  await ready(page);
  await expect(page.getByRole("alert")).toHaveCount(0);
});
