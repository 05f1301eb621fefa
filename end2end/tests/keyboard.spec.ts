// The seed story with the keyboard only: every control is reached with Tab (and
// Shift+Tab) from wherever the page put the focus, and used with Enter or by typing.
// Locators only name the control to reach; they never click or fill. Going to an
// address (the link in Hannah's mail) is typing into the address bar.
import { test, expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, ready } from "./helpers";

/** Presses Tab until `target` has the focus; fails if it is not in the tab order. */
async function tabTo(page: Page, target: Locator, limit = 300) {
  await target.waitFor();
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${target} cannot be reached with Tab`);
}

/** Focus `target` by keyboard and replace its value by typing. */
async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

async function press(page: Page, target: Locator, key = "Enter") {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

async function signInByKeyboard(page: Page, email: string) {
  await page.goto("/sign-in");
  await ready(page);
  // On a freshly loaded page the first stop of the Tab order is the skip link.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await typeInto(page, page.getByLabel("E-mail address"), email);
  await typeInto(page, page.getByLabel("Password"), DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.locator(`[data-signed-in="${email}"]`)).toBeAttached();
}

async function signOutByKeyboard(page: Page) {
  await press(page, page.locator(".session-menu").getByRole("button", { name: "Sign out" }));
  await expect(page.locator(".session-menu").getByRole("link", { name: "Sign in" })).toBeVisible();
}

test("keyboard only: Egon orders five pumps, Hannah approves", async ({ page }) => {
  test.setTimeout(120_000);
  await signInByKeyboard(page, "egon@mueller.example");
  await press(page, page.locator("header").getByRole("link", { name: "Catalog" }));
  await expect(page).toHaveURL(/\/catalog$/);
  await ready(page);
  // A new page starts at the top: the first stop is the skip link, which leads past
  // the header to the page's content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/catalog#content$/);
  await typeInto(page, page.getByRole("searchbox").or(page.getByLabel("Search", { exact: true })), "NH-PMP-1000");
  await page.keyboard.press("Enter");
  const pump = page.locator('tr[data-sku="NH-PMP-1000"]');
  await expect(page.locator("tr[data-sku]")).toHaveCount(1);
  await ready(page);
  await typeInto(page, pump.getByLabel("Quantity"), "5");
  await press(page, pump.getByRole("button", { name: "Add to cart" }));
  await expect(pump.getByRole("status")).toContainText("In your cart.");
  await press(page, pump.getByRole("link", { name: "Cart" }));
  await expect(page.getByRole("heading", { name: "Cart" })).toBeVisible();
  await ready(page);
  await expect(page.locator("[data-preview]")).toContainText("Needs approval by Hannah Becker");
  await typeInto(page, page.getByLabel("Your order number (PO)"), "PO-KEYBOARD-1");
  await press(page, page.getByRole("button", { name: "Submit for approval" }));
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderPath = new URL(page.url()).pathname;
  await expect(page.locator("h1 .status")).toHaveText("Waiting for approval");
  await signOutByKeyboard(page);

  // Hannah opens the link from her mail, approves with a comment.
  await signInByKeyboard(page, "hannah@mueller.example");
  await page.goto(orderPath);
  await ready(page);
  const decide = page.locator(".decide");
  // Approving needs no comment; Reject without one is refused at the field, announced.
  await press(page, decide.getByRole("button", { name: "Reject" }));
  await expect(page.locator("#comment-error")).toContainText("Please say why.");
  await expect(page.locator("#comment-error")).toHaveAttribute("aria-live", "polite");
  await expect(decide.getByLabel("Comment")).toHaveAttribute("aria-invalid", "true");
  await typeInto(page, decide.getByLabel("Comment"), "OK for the Stuttgart line");
  await press(page, decide.getByRole("button", { name: "Approve" }));
  await expect(page.locator("h1 .status")).toHaveText("Approved");
  await expect(page.locator(".chain")).toContainText("OK for the Stuttgart line");
});
