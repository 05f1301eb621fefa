// The README's pictures: each main page on a desktop and on a phone, as the signed-in
// person who uses it (German, as Müller's people read it). Written to end2end/screenshots/.
import { test, expect, type Page } from "@playwright/test";
import * as path from "node:path";
import { ready, signIn } from "./helpers";

const dir = path.join(__dirname, "..", "screenshots");

async function shoot(page: Page, url: string, name: string, phone: boolean) {
  await page.goto(url);
  await ready(page);
  await expect(page).toHaveTitle(/Kontor/);
  await page.screenshot({ path: path.join(dir, `${name}-${phone ? "phone" : "desktop"}-de.png`), fullPage: !phone });
}

for (const phone of [false, true]) {
  test(`screenshots of the main pages${phone ? " @phone" : ""}`, async ({ page }) => {
    test.setTimeout(90_000);
    // Hannah approves for Müller; she reads Kontor in German.
    await signIn(page, "hannah@mueller.example");
    await page.context().addCookies([{ name: "kontor_lang", value: "de", url: test.info().project.use.baseURL! }]);
    await shoot(page, "/", "home", phone);
    await shoot(page, "/catalog", "catalog", phone);
    await shoot(page, "/approvals", "approvals", phone);
    await shoot(page, "/orders", "orders", phone);
    const order = (await page.locator('main a[href^="/orders/"]').first().getAttribute("href"))!;
    await shoot(page, order, "order", phone);
    await shoot(page, "/service", "service", phone);
    await shoot(page, "/documents", "documents", phone);
  });
}
