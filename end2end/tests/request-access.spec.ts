import { test, expect } from "@playwright/test";
import { ready } from "./helpers";
import * as fs from "node:fs";
import * as path from "node:path";

function mailsTo(address: string): string[] {
  const dir = process.env.KONTOR_E2E_MAIL_DIR!;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .filter((m) => m.includes(`To: ${address}`));
}

test("requesting an account: errors at the field, input kept, then confirmation by mail", async ({ page }) => {
  await page.goto("/request-access");
  await ready(page);
  await page.getByLabel("Company").fill("Maschinenbau Müller GmbH");
  await page.getByLabel("Your name").fill("Egon Schmidt");
  await page.getByLabel("Business e-mail").fill("egon@");
  await page.getByRole("button", { name: "Send request" }).click();

  await expect(page.locator("#email-error")).toHaveText("This is not a valid e-mail address.");
  await expect(page.getByLabel("Business e-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Company")).toHaveValue("Maschinenbau Müller GmbH");
  await expect(page.locator("#company-error")).toBeEmpty();

  await page.getByLabel("Business e-mail").fill("egon.e2e@mueller.example");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you");

  // The outbox worker writes the confirmation as an .eml file (development transport).
  await expect.poll(() => mailsTo("egon.e2e@mueller.example").length, { timeout: 15_000 }).toBe(1);
  expect(mailsTo("egon.e2e@mueller.example")[0]).toContain("Subject: We have received your request");
});
