import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, mailText, mailsTo, ready, signIn, signOut } from "./helpers";

/** The text of the newest mail to `to` that contains `needle`, once it is there. */
async function mailWith(to: string, needle: string): Promise<string> {
  let found = "";
  await expect
    .poll(() => {
      found = mailsTo(to).map(mailText).find((m) => m.includes(needle)) ?? "";
      return found;
    })
    .not.toBe("");
  return found;
}

test("Egon's complaint: due times, Sam replies, the mail, resolved, rated", async ({ page }) => {
  test.setTimeout(180_000);
  // Egon opens a complaint about the gear pumps of his delivered order #1.
  await signIn(page, "egon@mueller.example");
  await page.goto("/service");
  await ready(page);
  await page.getByRole("link", { name: "Open a service request" }).click();
  await expect(page.getByRole("heading", { name: "New service request" })).toBeVisible();
  await ready(page);
  await page.getByLabel("Type").selectOption("complaint");
  await page.getByLabel("Priority").selectOption("high");
  await page.getByLabel("Subject").fill("Gear pump leaks at the shaft seal");
  await page.getByLabel("Description").fill("Two of the four ZP-16 lose oil at the shaft seal.");
  await page.getByLabel("Order number (optional)").selectOption("1");
  await page.getByLabel("SKU of the order line or product (optional)").fill("NH-PMP-1020");
  // Five pumps were never delivered: refused at the field, the form kept.
  await page.getByLabel("Quantity concerned (complaints and returns)").fill("5");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.locator("#quantity-error")).toContainText("More than was delivered");
  await expect(page.getByLabel("Subject")).toHaveValue("Gear pump leaks at the shaft seal");
  await page.getByLabel("Quantity concerned (complaints and returns)").fill("2");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/service\/[0-9a-f-]+$/);
  const path = new URL(page.url()).pathname;
  await ready(page);
  await expect(page.locator("h1")).toContainText("Gear pump leaks at the shaft seal");
  // The due times of Müller's service level, and where they stand.
  await expect(page.locator('[data-due="first_response"]')).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  await expect(page.locator('[data-due="resolution"]')).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  await expect(page.locator("[data-status]").first()).toHaveText("Open");
  const confirmation = await mailWith("egon@mueller.example", "Gear pump leaks at the shaft seal");
  expect(confirmation).toContain("first response by");
  await signOut(page);

  // Sam finds it in the queue, notes something internal, and replies.
  await signIn(page, "sam@nordhydraulik.example");
  await page.goto("/service?status=active");
  await ready(page);
  await page.getByRole("link", { name: /Gear pump leaks at the shaft seal/ }).click();
  await ready(page);
  await page.getByLabel("Your message").fill("Internal: check the seal batch first.");
  await page.getByLabel("Internal note (vendor staff only)").first().check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator(".message.internal")).toContainText("check the seal batch");
  await page.getByLabel("Your message").fill("New seals are on their way; please fit them.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator(".message.side-vendor").last()).toContainText("New seals are on their way");
  await expect(page.locator("[data-status]").first()).toHaveText("In progress");
  await signOut(page);

  // Egon gets the reply by mail — never the internal note — and sees it on the page.
  const reply = await mailWith("egon@mueller.example", "New seals are on their way");
  expect(reply).not.toContain("seal batch");
  await signIn(page, "egon@mueller.example");
  await page.goto(path);
  await ready(page);
  await expect(page.locator(".messages")).toContainText("New seals are on their way");
  await expect(page.locator(".messages")).not.toContainText("seal batch");
  await signOut(page);

  // Sam resolves it.
  await signIn(page, "sam@nordhydraulik.example");
  await page.goto(path);
  await ready(page);
  await page.getByLabel("Resolution (the customer reads it)").fill("Seals replaced, pumps tight.");
  await page.getByRole("button", { name: "Mark as resolved" }).click();
  await expect(page.locator("[data-status]").first()).toHaveText("Resolved");
  await signOut(page);

  // Egon rates it through the link in the resolution mail — once.
  const resolved = await mailWith("egon@mueller.example", "Seals replaced, pumps tight.");
  const survey = resolved.match(/https?:\/\/[^\s]+\/survey\/[0-9a-f-]+\?t=[0-9a-f]+/)![0];
  const surveyPath = new URL(survey).pathname + new URL(survey).search;
  await page.goto(surveyPath);
  await ready(page);
  await expect(page.getByRole("heading", { name: "How did we do?" })).toBeVisible();
  await page.getByLabel("5 – very").check();
  await page.getByLabel("Anything we should know? (optional)").fill("Quick and competent.");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.locator('[data-survey="thanks"]')).toBeVisible();
  await page.goto(surveyPath);
  await expect(page.locator('[data-survey="used"]')).toBeVisible();
});

test("@phone Peter follows Müller's requests on his phone (German)", async ({ page }) => {
  await page.context().addCookies([{ name: "kontor_lang", value: "de", url: "http://127.0.0.1:3917" }]);
  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("E-Mail-Adresse").fill("peter@mueller.example");
  await page.getByLabel("Passwort").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/service");
  await ready(page);
  await expect(page.locator("h1")).toHaveText("Serviceanfragen");
  const row = page.locator("tr", { hasText: "Pressure loss on gear pump ZP-16" });
  await expect(row).toContainText("Technische Frage");
  await row.getByRole("link").click();
  await ready(page);
  await expect(page.locator("dt", { hasText: "Erste Antwort fällig" })).toBeVisible();
  await expect(page.locator('[data-due="first_response"]')).toContainText(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);
  await expect(page.locator(".messages")).toContainText("loses pressure");
});
