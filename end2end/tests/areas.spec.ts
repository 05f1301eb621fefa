// The pages are loaded by area (lazy routes). Each area must open directly (a deep
// link hydrates, waiting for its area's code) and by navigating from another area
// (the area's code arrives on the way, no full page load). CI runs the split build
// (KONTOR_E2E_SPLIT=1); against a build in one file the same walks hold.
import { test, expect, type Page } from "@playwright/test";
import { ready, signIn } from "./helpers";

const split = process.env.KONTOR_E2E_SPLIT === "1";

/** The main heading a page shows when loaded directly. */
async function headingOf(page: Page, path: string): Promise<string> {
  await page.goto(path);
  await ready(page);
  const heading = (await page.locator("main h1").first().textContent())!.trim();
  expect(heading).not.toBe("Page not found");
  return heading;
}

/** Client-side navigation: the window survives (no reload) and the page is the same. */
async function navigateInPlace(page: Page, from: string, to: string, heading: string) {
  await page.goto(from);
  await ready(page);
  await page.evaluate(() => ((window as any).__kontorMarker = "stayed"));
  // A link the router follows, as any link of the page would be.
  await page.evaluate((href) => {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = "go";
    link.id = "area-jump";
    document.querySelector("main")!.append(link);
  }, to);
  await page.locator("#area-jump").click();
  await expect(page).toHaveURL(new RegExp(`${to.replace(/[?]/g, "\\?")}$`));
  await expect(page.locator("main h1").first()).toHaveText(heading);
  expect(await page.evaluate(() => (window as any).__kontorMarker)).toBe("stayed");
}

test("a customer reaches every customer area directly and from another area", async ({ page }) => {
  // Sixteen page loads, each until hydrated: more than the default 30 s on a busy machine.
  test.setTimeout(100_000);
  await signIn(page, "carla@mueller.example");
  const areas = ["/catalog", "/orders", "/approvals", "/documents", "/service", "/customer/team", "/customer/timeline",
    "/account"];
  const headings = new Map<string, string>();
  for (const path of areas) headings.set(path, await headingOf(page, path));
  // Each area entered from the one before it (the first from the last).
  for (let i = 0; i < areas.length; i++) {
    const from = areas[(i + areas.length - 1) % areas.length];
    await navigateInPlace(page, from, areas[i], headings.get(areas[i])!);
  }
});

test("a vendor page opens directly by deep link, and the vendor area from the catalog", async ({ page }) => {
  await signIn(page, "vera@nordhydraulik.example");
  await page.goto("/vendor");
  await ready(page);
  const customer = (await page.locator('main a[href^="/vendor/customers/"]:not([href$="/follow-ups"])').first().getAttribute("href"))!;
  // A fresh load of the customer's page: its area arrives before the page hydrates.
  const direct = await page.goto(customer);
  expect(direct?.status()).toBe(200);
  await ready(page);
  const heading = (await page.locator("main h1").first().textContent())!.trim();
  await navigateInPlace(page, "/catalog", customer, heading);
  await navigateInPlace(page, customer, "/vendor/products", await headingOf(page, "/vendor/products"));
});

test("a first visit fetches the shell and its page's area; linked areas arrive before the click", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
  });
  await page.goto("/");
  const preloaded = await page
    .locator('head link[rel="preload"][href$=".wasm"]')
    .evaluateAll((links) => links.map((l) => l.getAttribute("href")!));
  await ready(page);
  if (!split) {
    // One file holds everything.
    expect(preloaded).toHaveLength(1);
    return;
  }
  // The main file and the public area's, named in the head so both load at once.
  expect(preloaded.length).toBeGreaterThan(1);
  // The header's catalog link is on screen: its area is fetched while the visitor
  // reads, so the click needs nothing more.
  await expect.poll(() => wasm.length, { timeout: 5_000 }).toBeGreaterThan(preloaded.length);
  // Several areas' files are on their way (one area is many files; the header links
  // to four areas): the count is taken once they all arrived — no new file for a
  // second and a half —, not in a pause in the middle of the prefetching.
  await page.waitForLoadState("networkidle");
  await expect
    .poll(async () => {
      const seen = wasm.length;
      await page.waitForTimeout(1_500);
      return wasm.length === seen;
    }, { timeout: 20_000 })
    .toBe(true);
  const beforeClick = wasm.length;
  await page.locator("#site-nav").getByRole("link", { name: "Catalog" }).click();
  await expect(page.locator("main h1").first()).toHaveText("Catalog");
  expect(wasm.length).toBe(beforeClick);
});

/** The page does not scroll sideways: nothing is wider than the screen. */
async function fitsTheScreen(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} is ${overflow}px wider than the phone`).toBeLessThanOrEqual(0);
}

test("@phone no page is wider than a phone's screen", async ({ page }) => {
  for (const path of ["/", "/catalog", "/sign-in", "/request-access", "/downloads"]) await fitsTheScreen(page, path);
  await signIn(page, "carla@mueller.example");
  for (const path of ["/catalog", "/catalog/NH-PMP-1000", "/cart", "/orders", "/approvals", "/documents",
    "/service", "/service/new", "/customer", "/customer/team", "/customer/terms", "/customer/audit", "/customer/timeline",
    "/account", "/quotes"]) {
    await fitsTheScreen(page, path);
  }
  await page.goto("/orders");
  await ready(page);
  const order = (await page.locator('main a[href^="/orders/"]').first().getAttribute("href"))!;
  await fitsTheScreen(page, order);
});

test("@phone no vendor page is wider than a phone's screen", async ({ page }) => {
  await signIn(page, "vera@nordhydraulik.example");
  await fitsTheScreen(page, "/vendor");
  const customer = await page.locator('main a[href^="/vendor/customers/"]:not([href$="/follow-ups"])').first().getAttribute("href");
  expect(customer).toBeTruthy();
  for (const path of ["/vendor/staff", "/vendor/products", "/vendor/leads", "/satisfaction", "/service", "/quotes"]) {
    await fitsTheScreen(page, path);
  }
  // A request waiting for an offer: the offer form's table of lines.
  const request = await page.locator('main a[href^="/quotes/"]').first().getAttribute("href");
  expect(request).toBeTruthy();
  await fitsTheScreen(page, request!);
  await fitsTheScreen(page, `${request}/print`);
  for (const suffix of ["", "/terms", "/audit"]) await fitsTheScreen(page, `${customer}${suffix}`);
});
