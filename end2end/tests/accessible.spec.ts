// axe-core on every page, for every kind of caller who can open it, on desktop and
// on a phone: the suite fails on any WCAG 2.1 A/AA violation.
import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { ready, signIn } from "./helpers";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function noViolations(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
  // The page settled: its area's code has arrived and the page set its title.
  await expect(page).toHaveTitle(/Kontor/);
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`,
  );
  expect(found, `${path}:\n  ${found.join("\n  ")}`).toEqual([]);
}

/** Every page a caller of this kind can open (the first link of a list stands for its records). */
async function pagesOf(page: Page, lists: string[], records: [string, string][]): Promise<string[]> {
  const paths = [...lists];
  for (const [list, selector] of records) {
    await page.goto(list);
    await ready(page);
    // Pages render whole on the server: a list without such a link has none to offer.
    const links = page.locator(selector);
    if ((await links.count()) > 0) paths.push((await links.first().getAttribute("href"))!);
  }
  return paths;
}

for (const phone of [false, true]) {
  const tag = phone ? " @phone" : "";

  test(`a visitor's pages are accessible${tag}`, async ({ page }) => {
    for (const path of ["/", "/catalog", "/catalog/NH-PMP-1000", "/sign-in", "/forgot-password", "/request-access", "/downloads",
      "/downloads/confirm?t=0", "/no/such/page"]) {
      await noViolations(page, path);
    }
  });

  test(`a customer's pages are accessible${tag}`, async ({ page }) => {
    // Some 35 pages, each loaded, hydrated and checked by axe: two minutes were not
    // enough on a busy 2-core machine.
    test.setTimeout(240_000);
    // Carla is Müller's admin; Egon a purchaser with a cart.
    await signIn(page, "egon@mueller.example");
    for (const path of ["/cart", "/orders", "/quotes/new"]) await noViolations(page, path);
    // His quote with an offer on the table: the accept, change and decline forms.
    const offered = await pagesOf(page, [], [["/quotes?state=offered", 'main a[href^="/quotes/"]:not([href="/quotes/new"])']]);
    for (const path of offered) await noViolations(page, path);
    // The change form of his newest order waiting for approval that can be changed
    // (one made from a quote keeps its agreed lines and has no form).
    await page.goto("/orders?state=pending_approval");
    await ready(page);
    const waiting = await page.locator('main a[href^="/orders/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    let changeable = "";
    for (const order of waiting) {
      await page.goto(order);
      await ready(page);
      if ((await page.locator("[data-from-quote]").count()) === 0) {
        changeable = order;
        break;
      }
    }
    await noViolations(page, `${changeable}/change`);
    await expect(page.locator('input[name="quantities[q-NH-PMP-1000]"]')).toBeVisible();
    await page.context().clearCookies();
    await signIn(page, "carla@mueller.example");
    const paths = await pagesOf(
      page,
      ["/catalog", "/orders", "/approvals", "/analytics", "/documents", "/service", "/service/new", "/customer",
        "/customer/team", "/customer/terms", "/customer/audit", "/customer/timeline", "/account", "/notifications", "/quotes"],
      [["/orders", 'main a[href^="/orders/"]'], ["/documents", 'main a[href^="/documents/"]'],
        ["/service", 'main a[href^="/service/"]:not([href="/service/new"])'],
        ["/quotes?state=offered", 'main a[href^="/quotes/"]:not([href="/quotes/new"])']],
    );
    for (const path of paths) await noViolations(page, path);
  });

  test(`vendor staff's pages are accessible${tag}`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, "vera@nordhydraulik.example");
    const paths = await pagesOf(
      page,
      ["/vendor", "/vendor/analytics", "/vendor/leads", "/vendor/staff", "/vendor/products", "/satisfaction", "/service", "/documents", "/orders", "/quotes"],
      [["/vendor", 'main a[href^="/vendor/customers/"]:not([href$="/follow-ups"])'], ["/vendor/products", 'main a[href^="/vendor/products/"]:not([rel])'],
        // The demo's lead: its notes, assignment and conversion forms.
        ["/vendor/leads", 'main a[href^="/vendor/leads/"]'],
        ["/service", 'main a[href^="/service/"]:not([href="/service/new"])'],
        // A request waiting for an offer: the offer form.
        ["/quotes", 'main a[href^="/quotes/"]']],
    );
    const customer = paths.find((p) => p.startsWith("/vendor/customers/"));
    if (customer) paths.push(`${customer}/terms`, `${customer}/audit`, `${customer}/timeline`, `${customer}/follow-ups`);
    for (const path of paths) await noViolations(page, path);
  });
}
