// The forms a person uses on a phone work as plain HTML forms before the wasm has
// arrived: here JavaScript is off altogether. Each refusal shows the same message at
// the field as the script would, with what was typed kept; each success lands where
// the script would navigate.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, ready, signIn } from "./helpers";

async function withoutScript(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function signInPlain(page: Page, email: string, next = "") {
  await page.goto(`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign-in without JavaScript: a wrong password is refused at the form, the address kept; then in", async ({ browser }) => {
  const page = await withoutScript(browser);
  await page.goto("/sign-in?next=%2Forders");
  await page.getByLabel("E-mail address").fill("egon@mueller.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("E-mail address or password is not correct.");
  await expect(page.getByLabel("E-mail address")).toHaveValue("egon@mueller.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Where the script goes: the page the sign-in was asked for.
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.locator('[data-signed-in="egon@mueller.example"]')).toBeVisible();
});

test("ordering and deciding without JavaScript: add to cart, submit, a rejection needs a reason", async ({ browser }) => {
  const egon = await withoutScript(browser);
  await signInPlain(egon, "egon@mueller.example", "/catalog");
  await expect(egon).toHaveURL(/\/catalog$/);
  const pump = egon.locator('tr[data-sku="NH-PMP-1000"]');
  await pump.getByLabel("Quantity").fill("5");
  await pump.getByRole("button", { name: "Add to cart" }).click();
  // Back on the list, that row says so and keeps the quantity.
  const added = egon.locator('tr[data-sku="NH-PMP-1000"]');
  await expect(added.getByRole("status")).toContainText("In your cart.");
  await expect(added.getByLabel("Quantity")).toHaveValue("5");
  // No other row claims it.
  await expect(egon.locator('tr[data-sku="NH-PMP-1001"] [role="status"]')).toHaveCount(0);
  await egon.goto("/cart");
  await egon.getByLabel("Your order number (PO)").fill("PO-NOSCRIPT-1");
  await egon.getByRole("button", { name: "Submit for approval" }).click();
  await expect(egon).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderPath = new URL(egon.url()).pathname;
  await expect(egon.locator("h1 .status")).toHaveText("Waiting for approval");

  const hannah = await withoutScript(browser);
  await signInPlain(hannah, "hannah@mueller.example", orderPath);
  await expect(hannah).toHaveURL(new RegExp(`${orderPath}$`));
  await hannah.getByRole("button", { name: "Reject" }).click();
  await expect(hannah.locator("#comment-error")).toContainText("Please say why.");
  await expect(hannah).toHaveURL(new RegExp(`${orderPath}\\?`));
  await hannah.locator(".decide").getByLabel("Comment").fill("Please order through the framework contract");
  await hannah.getByRole("button", { name: "Reject" }).click();
  await expect(hannah.locator("h1 .status")).toHaveText("Rejected");
  await expect(hannah.locator(".timeline")).toContainText("Please order through the framework contract");
});

test("replying to a service request without JavaScript", async ({ browser }) => {
  const page = await withoutScript(browser);
  await signInPlain(page, "egon@mueller.example", "/service");
  await expect(page).toHaveURL(/\/service$/);
  const first = page.locator('main a[href^="/service/"]:not([href="/service/new"])').first();
  const path = (await first.getAttribute("href"))!;
  await page.goto(path);
  // An empty reply is refused at the field.
  await page.getByLabel("Your message").fill("   ");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.locator("#body-error")).not.toBeEmpty();
  await page.getByLabel("Your message").fill("Sent from the road, without JavaScript");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path}(\\?|$)`));
  await expect(page.locator(".messages")).toContainText("Sent from the road, without JavaScript");
  // Sent: the field is empty again.
  await expect(page.getByLabel("Your message")).toHaveValue("");
});

test("opening a service request without JavaScript: refused at the field with everything kept, then opened", async ({ browser }) => {
  const page = await withoutScript(browser);
  await signInPlain(page, "egon@mueller.example", "/service/new");
  await expect(page).toHaveURL(/\/service\/new$/);
  await page.getByLabel("Priority").selectOption("urgent");
  await page.getByLabel("Description").fill("Oil at the shaft seal, reported from the road");
  // A subject of spaces passes the browser's own check; the server refuses it.
  await page.getByLabel("Subject").fill("   ");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page).toHaveURL(/\/service\/new\?/);
  await expect(page.locator("#subject-error")).not.toBeEmpty();
  await expect(page.getByLabel("Description")).toHaveValue("Oil at the shaft seal, reported from the road");
  await expect(page.getByLabel("Priority")).toHaveValue("urgent");
  await page.getByLabel("Subject").fill("Leaking pump, reported without JavaScript");
  await page.getByRole("button", { name: "Send request" }).click();
  // Where the script goes: the new request.
  await expect(page).toHaveURL(/\/service\/[0-9a-f-]+$/);
  await expect(page.locator("h1")).toContainText("Leaking pump, reported without JavaScript");
});

test("changing a waiting order without JavaScript: an unknown product at its field, then saved", async ({ browser }) => {
  const egon = await withoutScript(browser);
  await signInPlain(egon, "egon@mueller.example", "/catalog");
  const pump = egon.locator('tr[data-sku="NH-PMP-1000"]');
  await pump.getByLabel("Quantity").fill("6");
  await pump.getByRole("button", { name: "Add to cart" }).click();
  await egon.goto("/cart");
  await egon.getByLabel("Your order number (PO)").fill("PO-CHANGE-1");
  await egon.getByRole("button", { name: "Submit for approval" }).click();
  await expect(egon).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderPath = new URL(egon.url()).pathname;
  await egon.getByRole("link", { name: "Change order" }).click();
  await expect(egon).toHaveURL(new RegExp(`${orderPath}/change$`));
  const quantity = egon.getByLabel(/NH-PMP-1000/);
  await expect(quantity).toHaveValue("6");
  await quantity.fill("7");
  await egon.getByLabel("Add a product (SKU)").fill("NH-NOPE-1");
  await egon.getByLabel("Your order number (PO)").fill("PO-CHANGE-2");
  await egon.getByRole("button", { name: "Save changes" }).click();
  // Back at the form: the problem at the added product, everything typed kept.
  await expect(egon).toHaveURL(new RegExp(`${orderPath}/change\\?`));
  await expect(egon.locator("#add_sku-error")).not.toBeEmpty();
  await expect(egon.getByLabel(/NH-PMP-1000/)).toHaveValue("7");
  await expect(egon.getByLabel("Your order number (PO)")).toHaveValue("PO-CHANGE-2");
  await egon.getByLabel("Add a product (SKU)").fill("");
  await egon.getByRole("button", { name: "Save changes" }).click();
  // Where the script goes: the order, waiting again, the change in its timeline.
  await expect(egon).toHaveURL(new RegExp(`${orderPath}$`));
  await expect(egon.locator("h1 .status")).toHaveText("Waiting for approval");
  await expect(egon.locator(".timeline")).toContainText("changed the order");
  await expect(egon.locator(".timeline")).toContainText("6 → 7");
  await expect(egon.locator(".timeline")).toContainText("PO-CHANGE-1 → PO-CHANGE-2");
});

test("My profile's details without JavaScript: a wrong phone at its field with both values kept", async ({ browser }) => {
  const page = await withoutScript(browser);
  await signInPlain(page, "peter@mueller.example", "/account");
  await expect(page).toHaveURL(/\/account$/);
  const name = page.getByRole("textbox", { name: "Name" });
  const original = await name.inputValue();
  await name.fill("Peter Kahl");
  await page.getByRole("textbox", { name: "Phone (optional)" }).fill("0711 / 55 x");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.locator("#phone-error")).toContainText("Please enter a phone number");
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("Peter Kahl");
  await expect(page.getByRole("textbox", { name: "Phone (optional)" })).toHaveValue("0711 / 55 x");
  // Right: saved, and the page shows it.
  await page.getByRole("textbox", { name: "Name" }).fill(original);
  await page.getByRole("textbox", { name: "Phone (optional)" }).fill("0711 55 0102");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("textbox", { name: "Phone (optional)" })).toHaveValue("0711 55 0102");
});

test("a form sent before the script arrived, then again with it: a reload shows what was saved, not the old refusal", async ({ page }) => {
  await signIn(page, "peter@mueller.example");
  // The first send goes out before the page's script has arrived (a slow phone).
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("/account");
  const name = page.getByRole("textbox", { name: "Name" });
  const phone = page.getByRole("textbox", { name: "Phone (optional)" });
  const original = await name.inputValue();
  await page.unroute(/\.wasm$/);
  await name.fill("Peter Kahl-Berger");
  await phone.fill("not a number");
  await page.getByRole("button", { name: "Save details" }).click();
  await ready(page);
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveValue("Peter Kahl-Berger");
  // Now with the script: saved, and the address no longer carries the refusal.
  await phone.fill("0711 55 0199");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." }).first()).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);
  await page.reload();
  await ready(page);
  await expect(page.getByRole("textbox", { name: "Phone (optional)" })).toHaveValue("0711 55 0199");
  await expect(page.getByRole("textbox", { name: "Phone (optional)" })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("Peter Kahl-Berger");
  await page.getByRole("textbox", { name: "Name" }).fill(original);
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." }).first()).toBeVisible();
});

test("lines typed into the quick order before the script arrived are still there once it has", async ({ page }) => {
  await signIn(page, "egon@mueller.example");
  // The page's script is held back until the lines are typed (a slow phone).
  let release = () => {};
  const typed = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await typed;
    await route.continue();
  });
  await page.goto("/cart");
  const lines = page.getByLabel("SKU and quantity");
  await lines.fill("NH-PMP-1000 2\nNH-VLV-2000 1");
  release();
  await ready(page);
  await expect(lines).toHaveValue("NH-PMP-1000 2\nNH-VLV-2000 1");
  await page.unroute(/\.wasm$/);
});

test("My profile's language without JavaScript: saved, the page follows with its message", async ({ browser }) => {
  const page = await withoutScript(browser);
  await signInPlain(page, "frieda@mueller.example", "/account");
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole("combobox", { name: "Language" }).selectOption("de");
  await page.getByRole("button", { name: "Save language" }).click();
  await expect(page.getByRole("status")).toContainText("Gespeichert");
  await expect(page.getByRole("heading", { name: "Mein Profil", level: 1 })).toBeVisible();
  await page.getByRole("combobox", { name: "Sprache" }).selectOption("en");
  await page.getByRole("button", { name: "Sprache speichern" }).click();
  await expect(page.getByRole("heading", { name: "My profile", level: 1 })).toBeVisible();
});

test("asking for a quotation and accepting the offer without JavaScript", async ({ browser }) => {
  const egon = await withoutScript(browser);
  await signInPlain(egon, "egon@mueller.example", "/quotes/new");
  await expect(egon).toHaveURL(/\/quotes\/new$/);
  // An SKU that is not in the catalog: refused at the field, the lines kept.
  await egon.getByLabel("Catalog items").fill("NO-SUCH-PUMP 3");
  await egon.getByLabel("Other items and services").fill("On-site commissioning");
  await egon.getByRole("button", { name: "Send request" }).click();
  await expect(egon.locator("#catalog_lines-error")).not.toBeEmpty();
  await expect(egon.getByLabel("Other items and services")).toHaveValue("On-site commissioning");
  await egon.getByLabel("Catalog items").fill("NH-PMP-1000 2");
  await egon.getByRole("button", { name: "Send request" }).click();
  await expect(egon).toHaveURL(/\/quotes\/[0-9a-f-]+$/);
  await expect(egon.locator("h1")).toContainText("Requested");

  // The demo's offer to Egon: accepted without the script, it lands on the new order.
  await egon.goto("/quotes?state=offered");
  await egon.locator('main a[href^="/quotes/"]:not([href="/quotes/new"])').first().click();
  await egon.getByRole("button", { name: "Accept and order" }).click();
  await expect(egon).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(egon.locator("[data-from-quote]")).toBeVisible();
});
