import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, mailText, mailsTo, ready, signIn, signOut } from "./helpers";

test("Vera unlocks a new customer; its admin sets a password and builds the team", async ({ page }) => {
  await signIn(page, "vera@nordhydraulik.example");
  await expect(page).toHaveURL(/\/vendor$/);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  // Vera sees Müller (hers), not Becker (Tim's).
  await expect(page.locator('[data-customer="Maschinenbau Müller GmbH"]')).toBeVisible();
  await expect(page.locator('[data-customer="Becker Fördertechnik KG"]')).toHaveCount(0);

  // A new customer: the name is required, the other input stays.
  await page.getByLabel("VAT id").fill("DE444444444");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.locator("#name-error")).toBeVisible();
  await expect(page.getByLabel("VAT id")).toHaveValue("DE444444444");
  await page.getByLabel("Company name").fill("Hydraulik Nord GmbH");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toContainText("Created");
  await page.getByRole("status").getByRole("link").click();

  await expect(page.getByRole("heading", { name: "Hydraulik Nord GmbH" })).toBeVisible();
  await expect(page.locator("[data-status]")).toHaveText("pending");
  await page.getByLabel("Name").fill("Anna Albers");
  await page.getByLabel("E-mail address").fill("anna@hydraulik-nord.example");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent" })).toBeVisible();
  await expect(page.locator('[data-member="anna@hydraulik-nord.example"]')).toBeVisible();
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.locator("[data-status]")).toHaveText("active");
  await signOut(page);

  // Anna follows the link in her invitation.
  await expect.poll(() => mailsTo("anna@hydraulik-nord.example").length, { timeout: 15_000 }).toBeGreaterThan(0);
  const invitation = mailsTo("anna@hydraulik-nord.example").map(mailText).find((m) => m.includes("/welcome/"))!;
  const link = invitation.match(/\/welcome\/[0-9a-f]{64}/)![0];
  await page.goto(link);
  await ready(page);
  await page.getByLabel("New password").fill("password1234");
  await page.getByLabel("Repeat the password").fill("password1234");
  await page.getByRole("button", { name: "Save the password" }).click();
  await expect(page.locator("#password-error")).toContainText("too common");
  await page.getByLabel("New password").fill("Nordwind über dem Hafen");
  await page.getByLabel("Repeat the password").fill("Nordwind über dem Hafen");
  await page.getByRole("button", { name: "Save the password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is set");

  await signIn(page, "anna@hydraulik-nord.example", "Nordwind über dem Hafen");
  await expect(page).toHaveURL(/\/customer$/);
  await page.getByRole("link", { name: "Team" }).first().click();
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();

  // Anna invites a head of purchasing (approver), then a purchaser reporting to him.
  const invite = page.locator("section.invite");
  await invite.getByLabel("Name").fill("Bernd Berg");
  await invite.getByLabel("E-mail address").fill("bernd@hydraulik-nord.example");
  await invite.getByRole("checkbox", { name: "Purchaser" }).check();
  await invite.getByRole("checkbox", { name: "Approver" }).check();
  await page.locator("#invite-limit").fill("zwölf");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-limit-error")).toContainText("Enter an amount");
  await expect(invite.getByLabel("Name")).toHaveValue("Bernd Berg");
  await page.locator("#invite-limit").fill("50.000,00");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator('[data-member="bernd@hydraulik-nord.example"]')).toContainText("€50,000.00");

  await invite.getByLabel("Name").fill("Paula Paulsen");
  await invite.getByLabel("E-mail address").fill("paula@hydraulik-nord.example");
  await invite.getByRole("checkbox", { name: "Purchaser" }).check();
  await page.locator("#invite-limit").fill("5000");
  await page.locator("#invite-approver").selectOption({ label: "Bernd Berg" });
  await invite.getByRole("button", { name: "Send invitation" }).click();
  const paula = page.locator('[data-member="paula@hydraulik-nord.example"]');
  await expect(paula).toContainText("€5,000.00");
  await expect(paula).toContainText("Bernd Berg");
  await expect(paula).toContainText("invited");

  // Everything Anna and Vera did is in the organization's audit trail.
  await page.goto("/customer/audit");
  await expect(page.locator('[data-action="organization.created"]')).toBeVisible();
  await expect(page.locator('[data-action="organization.unlocked"]')).toBeVisible();
  await expect(page.locator('[data-action="member.invited"]')).toHaveCount(3);
});

test("Bob at Becker never sees Müller's team, and Müller's pages answer 404", async ({ page }) => {
  await signIn(page, "bob@becker.example");
  await page.goto("/customer/team");
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(page.locator('[data-member="bob@becker.example"]')).toBeVisible();
  await expect(page.getByText("mueller.example")).toHaveCount(0);
  const response = await page.goto("/vendor/customers/anything");
  expect(response!.status()).toBe(404);
});

test("the vendor admin manages staff: Tim becomes a service agent too", async ({ page }) => {
  await signIn(page, "admin@nordhydraulik.example");
  await page.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  const tim = page.locator('[data-member="tim@nordhydraulik.example"]');
  await tim.locator("summary").click();
  await tim.getByRole("checkbox", { name: "Service agent" }).check();
  await tim.getByRole("button", { name: "Save" }).click();
  await expect(tim).toContainText("Account manager, Service agent");
});

test("@phone Carla changes Egon's limit on her phone (German)", async ({ page }) => {
  await page.context().addCookies([{ name: "kontor_lang", value: "de", url: "http://127.0.0.1:3917" }]);
  await page.goto("/sign-in");
  await ready(page);
  await page.getByLabel("E-Mail-Adresse").fill("carla@mueller.example");
  await page.getByLabel("Passwort").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/customer$/);
  await page.goto("/customer/team");
  await ready(page);
  const egon = page.locator('[data-member="egon@mueller.example"]');
  await expect(egon).toContainText("5.000,00 €");
  const editor = page.locator("details.member-editor", { hasText: "Egon Schmidt" });
  await editor.locator("summary").click();
  await editor.getByLabel("Limit je Bestellung").fill("6.500,00");
  await editor.getByRole("button", { name: "Speichern" }).click();
  await expect(egon).toContainText("6.500,00 €");
});

test("Egon sees his limits on My profile and switches his language there", async ({ page }) => {
  await signIn(page, "egon@mueller.example");
  await page.goto("/account");
  await ready(page);
  await expect(page.getByRole("heading", { name: "My profile", level: 1 })).toBeVisible();
  // Today a purchaser sees these in a non-empty cart only; here always.
  await expect(page.locator("[data-spending]")).toContainText("€5,000.00");
  await expect(page.locator("[data-approver]")).toHaveText("Hannah Becker");
  // The page follows at once, without a reload, and stays so on the next visit.
  await page.getByRole("combobox", { name: "Language" }).selectOption("de");
  await page.getByRole("button", { name: "Save language" }).click();
  await expect(page.getByRole("status")).toContainText("Gespeichert");
  await expect(page.getByRole("heading", { name: "Mein Profil", level: 1 })).toBeVisible();
  await page.reload();
  await ready(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.locator("[data-spending]")).toContainText("5.000,00 €");
  // Back to English: other specs read Egon's mails.
  await page.getByRole("combobox", { name: "Sprache" }).selectOption("en");
  await page.getByRole("button", { name: "Sprache speichern" }).click();
  await expect(page.getByRole("heading", { name: "My profile", level: 1 })).toBeVisible();
});

test("Egon chooses how notifications reach him; approvals cannot be switched off", async ({ page }) => {
  await signIn(page, "egon@mueller.example");
  await page.goto("/account");
  await ready(page);
  const status = page.getByRole("combobox", { name: "Order status changes" });
  // Nothing chosen yet: as his organization says (nothing there either: at once).
  await expect(status).toHaveValue("default");
  await expect(status.locator("option:checked")).toHaveText("As set for your organization (By mail at once)");
  await status.selectOption("digest");
  await page.getByRole("combobox", { name: "Daily digest at (hour, Berlin time)" }).selectOption("18");
  await page.getByRole("button", { name: "Save notifications" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await ready(page);
  await expect(page.getByRole("combobox", { name: "Order status changes" })).toHaveValue("digest");
  await expect(page.getByRole("combobox", { name: "Daily digest at (hour, Berlin time)" })).toHaveValue("18");
  // Orders waiting for one's decision: at once or in the digest, never "not at all".
  const approvals = page.getByRole("combobox", { name: "Orders waiting for my approval" });
  await expect(approvals.locator("option")).toHaveText([
    "As set for your organization (By mail at once)",
    "By mail at once",
    "In the daily digest",
  ]);
  // Back to his organization's default: other specs read Egon's mails.
  await page.getByRole("combobox", { name: "Order status changes" }).selectOption("default");
  await page.getByRole("button", { name: "Save notifications" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
});

test("@phone Hannah's header counts her notifications; the list leads to the order and marks them read", async ({ page }) => {
  await signIn(page, "hannah@mueller.example");
  // On a phone the header's links may sit behind the menu: read the count off the link.
  const link = page.locator("a.notifications-link");
  await expect(link).not.toHaveAttribute("data-unread", "0");
  await page.goto("/notifications");
  await ready(page);
  const items = page.locator("[data-notification]");
  await expect(items.first()).toBeVisible();
  await expect(page.locator('.notifications a[href^="/orders/"]').first()).toBeVisible();
  await page.getByRole("button", { name: /Alle als gelesen markieren|Mark all as read/ }).click();
  await expect(page.locator(".notifications .badge")).toHaveCount(0);
  await expect(link).toHaveAttribute("data-unread", "0");
});

test("Ingo keeps his name and phone on My profile; a wrong phone is refused at its field", async ({ page }) => {
  await signIn(page, "ingo@mueller.example");
  await page.goto("/account");
  await ready(page);
  const details = page.locator("form", { has: page.getByRole("button", { name: "Save details" }) });
  const name = details.getByRole("textbox", { name: "Name" });
  const phone = details.getByRole("textbox", { name: "Phone (optional)" });
  const original = await name.inputValue();
  await name.fill("Ingo Vogel-Lang");
  await phone.fill("call me maybe");
  await details.getByRole("button", { name: "Save details" }).click();
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(details).toContainText("Please enter a phone number");
  await expect(name).toHaveValue("Ingo Vogel-Lang");
  await phone.fill("+49 711 555-0101");
  await details.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." }).first()).toBeVisible();
  await page.reload();
  await ready(page);
  await expect(page.getByRole("textbox", { name: "Phone (optional)" })).toHaveValue("+49 711 555-0101");
  await expect(page.locator("[data-signed-in]")).toContainText("Ingo Vogel-Lang");
  // Back as he was: other specs name him.
  await page.getByRole("textbox", { name: "Name" }).fill(original);
  await page.getByRole("textbox", { name: "Phone (optional)" }).fill("");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." }).first()).toBeVisible();
});

test("Carla sets her organization's notification defaults; Ingo's profile follows them", async ({ browser }) => {
  const carla = await browser.newPage();
  await signIn(carla, "carla@mueller.example");
  await carla.goto("/customer/team");
  await ready(carla);
  const defaults = carla.locator("section.notification-defaults");
  await expect(defaults.getByRole("heading", { name: "Notification defaults for your organization" })).toBeVisible();
  await defaults.getByRole("combobox", { name: "New documents for us" }).selectOption("digest");
  await defaults.getByRole("button", { name: "Save defaults" }).click();
  await expect(defaults.getByRole("status")).toContainText("these defaults apply");

  const ingo = await browser.newPage();
  await signIn(ingo, "ingo@mueller.example");
  await ingo.goto("/account");
  await ready(ingo);
  const documents = ingo.getByRole("combobox", { name: "New documents for us" });
  await expect(documents).toHaveValue("default");
  await expect(documents.locator("option:checked")).toHaveText("As set for your organization (In the daily digest)");

  // Back to at once for everyone.
  await defaults.getByRole("combobox", { name: "New documents for us" }).selectOption("now");
  await defaults.getByRole("button", { name: "Save defaults" }).click();
  await expect(defaults.getByRole("status")).toContainText("these defaults apply");
});
