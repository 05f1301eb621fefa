import { test, expect, Page } from "@playwright/test";
import { mailText, mailsTo, ready, signIn, signOut } from "./helpers";

async function approve(page: Page, path: string, comment: string) {
  await page.goto(path);
  await ready(page);
  await page.locator(".decide").getByLabel("Comment").fill(comment);
  await page.getByRole("button", { name: "Approve" }).click();
}

/** Vera's offer: the price of each line on the table, by line number. */
async function offer(page: Page, path: string, prices: Record<string, string>) {
  await page.goto(path);
  await ready(page);
  const form = page.locator(".offer-form");
  for (const [line, price] of Object.entries(prices)) {
    await form.locator(`input[name="unit_price[${line}]"]`).fill(price);
  }
  await form.getByRole("button", { name: "Send offer" }).click();
  await expect(page.locator("h1")).toContainText("Offered");
}

test("a quote: Egon asks for 55 pumps and commissioning, Vera offers twice, the accepted version climbs the chain", async ({ page }) => {
  test.setTimeout(240_000);
  // Egon asks: a catalog line and a line in words.
  await signIn(page, "egon@mueller.example");
  await page.goto("/quotes");
  await ready(page);
  await page.getByRole("link", { name: "Ask for a quotation" }).click();
  await ready(page);
  await page.getByLabel("Catalog items").fill("NH-PMP-1000 55");
  await page.getByLabel("Other items and services").fill("On-site commissioning");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/quotes\/[0-9a-f-]+$/);
  const quotePath = new URL(page.url()).pathname;
  await expect(page.locator("h1")).toContainText("Requested");
  const name = (await page.locator("h1").textContent())!.split(" · ")[0];
  await signOut(page);

  // Vera finds it in her queue (and her mail) and offers at 1,100 € a pump.
  await expect
    .poll(() => mailsTo("vera@nordhydraulik.example").map(mailText).some((m) => m.includes(quotePath)))
    .toBe(true);
  await signIn(page, "vera@nordhydraulik.example");
  await page.goto("/quotes");
  await ready(page);
  await expect(page.locator(`a[href="${quotePath}"]`)).toBeVisible();
  await offer(page, quotePath, { "1": "1100", "2": "1800" });
  await signOut(page);

  // Egon asks for a better price.
  await signIn(page, "egon@mueller.example");
  await page.goto(quotePath);
  await ready(page);
  await expect(page.locator("[data-total]").first()).toHaveText("€62,300.00");
  const changes = page.locator(".step-request_changes");
  await changes.getByLabel("Comment").fill("1,045 € per pump, please");
  await changes.getByRole("button", { name: "Ask for changes" }).click();
  await expect(page.locator("h1")).toContainText("Changes requested");
  await signOut(page);

  // Vera sends version 2; the history shows old → new.
  await signIn(page, "vera@nordhydraulik.example");
  await offer(page, quotePath, { "1": "1045" });
  await expect(page.locator('section[data-version="2"] .changes')).toContainText("€1,100.00 → €1,045.00");
  await signOut(page);

  // Egon accepts version 2: an order at its prices, waiting for Hannah, then Max.
  await signIn(page, "egon@mueller.example");
  await page.goto(quotePath);
  await ready(page);
  await expect(page.locator("[data-total]").first()).toHaveText("€59,275.00");
  await page.getByRole("button", { name: "Accept and order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderPath = new URL(page.url()).pathname;
  await expect(page.locator("h1 .status")).toHaveText("Waiting for approval");
  await expect(page.locator("[data-from-quote]")).toContainText(`${name} · Version 2`);
  await expect(page.locator(".holders")).toContainText("Hannah Becker");
  await signOut(page);

  await signIn(page, "hannah@mueller.example");
  await approve(page, orderPath, "Fine as quoted");
  await expect(page.locator(".holders")).toContainText("Max Müller");
  await signOut(page);

  await signIn(page, "max@mueller.example");
  await approve(page, orderPath, "Approved");
  await expect(page.locator("h1 .status")).toHaveText("Approved");
  await expect(page.locator("[data-from-quote]")).toContainText(name);
  await expect(page.getByText("€1,045.00").first()).toBeVisible();
  await expect(page.getByText("On-site commissioning")).toBeVisible();
});
