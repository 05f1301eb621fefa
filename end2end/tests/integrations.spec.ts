// The vendor admin connects the ERP from the integrations page: an API client whose
// token is shown once, a webhook endpoint with its signing secret and delivery log —
// by mouse, by keyboard, accessible, and on a phone.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { ready, signIn } from "./helpers";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

test("the vendor admin creates an API client and sees its token once", async ({ page, request }) => {
  await signIn(page, "admin@nordhydraulik.example");
  await page.goto("/vendor");
  await ready(page);
  // In-page navigation from the customers list (which once failed to hydrate and left
  // its links changing the address without showing the page).
  await page.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  // Nothing chosen: the fields say what is missing, the name stays as typed.
  await page.getByLabel("Name (the system it is for)").fill("SAP S/4");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.locator("#client-scopes-error")).not.toBeEmpty();
  await expect(page.getByLabel("Name (the system it is for)")).toHaveValue("SAP S/4");
  await page.getByRole("checkbox", { name: "orders:write" }).check();
  await page.getByRole("button", { name: "Create client" }).click();
  const token = page.locator(".secret-value").first();
  await expect(token).toHaveText(/^kontor_/);
  const secret = (await token.textContent())!;
  await expect(page.locator('[data-client="SAP S/4"]')).toContainText("Active");
  // The token works against the API at once.
  const answer = await request.get("/api/v1/orders?limit=1", { headers: { Authorization: `Bearer ${secret}` } });
  expect(answer.status()).toBe(200);
  // Revoked: the row says so, and the token stops.
  await page.locator('[data-client="SAP S/4"]').getByRole("button", { name: "Revoke" }).click();
  await expect(page.locator('[data-client="SAP S/4"]')).toContainText("Revoked");
  const refused = await request.get("/api/v1/orders?limit=1", { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});

test("the vendor admin registers a webhook endpoint by keyboard and opens its delivery log", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "admin@nordhydraulik.example");
  await page.goto("/vendor/integrations");
  await ready(page);
  // Enabled once the page runs: the secret is shown only by its script.
  await expect(page.getByRole("button", { name: "Register endpoint" })).toBeEnabled();
  const url = page.getByLabel("URL", { exact: true });
  await url.focus();
  await page.keyboard.type("https://erp.example.com/kontor-hooks");
  // Tab to the first event box ("all events") and tick it with the space bar.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("checkbox", { name: /All events/ })).toBeFocused();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Register endpoint" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".secret-value").first()).toHaveText(/^whsec_/);
  const row = page.locator('[data-endpoint="https://erp.example.com/kontor-hooks"]');
  await expect(row).toContainText("On");
  await row.getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Deliveries", level: 1 })).toBeVisible();
  await expect(page.getByText("https://erp.example.com/kontor-hooks")).toBeVisible();
});

for (const phone of [false, true]) {
  const tag = phone ? " @phone" : "";
  test(`the integration pages are accessible${tag}`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "admin@nordhydraulik.example");
    const paths = ["/vendor/integrations"];
    await page.goto("/vendor/integrations");
    await ready(page);
    const log = page.locator('main a[href^="/vendor/integrations/webhooks/"]');
    if ((await log.count()) > 0) paths.push((await log.first().getAttribute("href"))!);
    for (const path of paths) {
      await page.goto(path);
      await ready(page);
      await expect(page).toHaveTitle(/Kontor/);
      const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      const found = results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`);
      expect(found, `${path}:\n  ${found.join("\n  ")}`).toEqual([]);
      if (phone) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} fits the phone's screen`).toBeLessThanOrEqual(0);
      }
    }
  });
}
