// The customer timeline: its filter is a plain GET form and its pages are links, so it
// works the same with the script (client-side navigation) and without it.
import { test, expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, ready, signIn } from "./helpers";

async function filterToOrders(page: Page) {
  await page.getByLabel("What").selectOption("orders");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/customer\/timeline\?kind=orders/);
  const items = page.locator("ol.timeline > li[data-kind]");
  await expect(items.first()).toBeVisible();
  for (const kind of await items.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-kind")))) {
    expect(kind).toBe("orders");
  }
  await expect(page.getByLabel("What")).toHaveValue("orders");
}

test("a customer admin reads the timeline and filters it to orders", async ({ page }) => {
  await signIn(page, "carla@mueller.example");
  await page.goto("/customer");
  await ready(page);
  await page.getByRole("link", { name: "Timeline" }).click();
  await expect(page).toHaveURL(/\/customer\/timeline$/);
  await expect(page.locator("main h1")).toHaveText("Timeline: Maschinenbau Müller GmbH");
  // Carla's own sign-in is among the newest things that happened.
  await expect(page.locator("ol.timeline > li").filter({ hasText: "Carla Weber signed in" }).first()).toBeVisible();
  await filterToOrders(page);
  // An order's sentence leads to the order.
  const order = page.locator('ol.timeline a[href^="/orders/"]').first();
  const href = await order.getAttribute("href");
  await order.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test("the timeline's filter works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await page.goto("/sign-in?next=%2Fcustomer%2Ftimeline");
  await page.getByLabel("E-mail address").fill("carla@mueller.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customer\/timeline$/);
  await filterToOrders(page);
  await context.close();
});
