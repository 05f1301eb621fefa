// Leads from technical downloads: an engineer who is not a customer registers,
// confirms from the mail, downloads the AP-45's CAD model — with and without
// JavaScript — and Vera finds the lead with that product, notes her call and converts
// it into a customer.
import { test, expect, type Page } from "@playwright/test";
import { mailsTo, mailText, ready, signIn } from "./helpers";

async function confirmationLink(address: string): Promise<string> {
  let link = "";
  await expect
    .poll(() => {
      const mail = mailsTo(address).map(mailText).find((m) => m.includes("/downloads/confirm?t="));
      link = mail ? mail.slice(mail.indexOf("/downloads/confirm?t=")).split(/\s/)[0] : "";
      return link;
    }, { timeout: 15_000 })
    .not.toBe("");
  return link;
}

async function register(page: Page, address: string) {
  await page.getByLabel("Your name").fill("Lena Vogt");
  await page.getByLabel("Company").fill("Vogt Fluidtechnik");
  await page.getByLabel("Work e-mail").fill("lena@");
  await page.getByRole("button", { name: "Send me the link" }).click();
  // Refused at the field, what was typed kept.
  await expect(page.locator("#email-error")).toHaveText("This is not a valid e-mail address.");
  await expect(page.getByLabel("Company")).toHaveValue("Vogt Fluidtechnik");
  await page.getByLabel("Work e-mail").fill(address);
  await page.getByRole("button", { name: "Send me the link" }).click();
  await expect(page.locator('[data-registered="sent"]')).toBeVisible();
}

async function confirmAndDownload(page: Page, address: string) {
  await page.goto(await confirmationLink(address));
  await page.getByRole("button", { name: "Open the downloads" }).click();
  await expect(page).toHaveURL(/\/downloads$/);
  await expect(page.locator('[data-prospect="confirmed"]')).toContainText("Lena Vogt");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "NH-PMP-1000.step" }).click();
  expect((await download).suggestedFilename()).toBe("NH-PMP-1000.step");
}

test("an engineer registers, confirms from the mail and downloads a CAD model; Vera converts the lead", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const address = `lena.${Date.now()}@vogt-fluid.example`;
  await page.goto("/downloads");
  await ready(page);
  await register(page, address);
  await confirmAndDownload(page, address);

  const vera = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await signIn(vera, "vera@nordhydraulik.example");
  await vera.goto("/vendor/leads");
  await ready(vera);
  const row = vera.locator("tr", { hasText: address });
  await expect(row.locator("[data-products]")).toContainText("AP-45");
  await row.getByRole("link", { name: "Lena Vogt" }).click();
  await expect(vera.locator("main h1")).toHaveText("Lena Vogt — Vogt Fluidtechnik");
  await vera.getByLabel("Note").fill("Called: wants 20 AP-45 for the new press");
  await vera.getByRole("button", { name: "Add note" }).click();
  await expect(vera.locator(".lead-notes")).toContainText("wants 20 AP-45");
  await vera.getByRole("button", { name: "Convert into customer" }).click();
  await expect(vera.locator("[data-converted]")).toContainText("the invitation is on its way");
  await expect.poll(() => mailsTo(address).map(mailText).some((m) => m.includes("/welcome/")), { timeout: 15_000 }).toBe(true);
});

test("registering and downloading work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  const address = `lena.plain.${Date.now()}@vogt-fluid.example`;
  await page.goto("/downloads");
  await register(page, address);
  await confirmAndDownload(page, address);
});
