// Every page renders on the server; the browser gets the page and the wasm of its
// islands (the few parts that need a script), one small file for the whole site that
// stays cached. Each area must open directly (a deep link) and by following a link
// from another area, and nothing but that page arrives on the way.
import { test, expect, type Page } from "@playwright/test";
import { ready, signIn } from "./helpers";

/** The main heading a page shows when loaded directly. */
async function headingOf(page: Page, path: string): Promise<string> {
  await page.goto(path);
  await ready(page);
  const heading = (await page.locator("main h1").first().textContent())!.trim();
  expect(heading).not.toBe("Page not found");
  return heading;
}

/** Following a link from `from` to `to`: the page arrives, its islands run, and the
 *  site's wasm is not fetched again. */
async function followLink(page: Page, from: string, to: string, heading: string) {
  await page.goto(from);
  await ready(page);
  await page.evaluate((href) => {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = "go";
    link.id = "area-jump";
    document.querySelector("main")!.append(link);
  }, to);
  // What came over the network, by Chromium's own account (a file the HTTP cache, the
  // service worker or the memory cache served does not count).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const cached = new Set<string>();
  const fromNetwork: string[] = [];
  cdp.on("Network.requestServedFromCache", (e) => cached.add(e.requestId));
  cdp.on("Network.responseReceived", (e) => {
    const r = e.response;
    if (r.url.endsWith(".wasm") && !cached.has(e.requestId) && !r.fromDiskCache && !r.fromServiceWorker && !r.fromPrefetchCache) {
      fromNetwork.push(new URL(r.url).pathname);
    }
  });
  await page.locator("#area-jump").click();
  await expect(page).toHaveURL(new RegExp(`${to.replace(/[?]/g, "\\?")}$`));
  await expect(page.locator("main h1").first()).toHaveText(heading);
  await ready(page);
  await cdp.detach();
  expect(fromNetwork, `${to} fetched the wasm again`).toHaveLength(0);
}

test("a customer reaches every customer area directly and from another area", async ({ page }) => {
  // Sixteen page loads: more than the default 30 s on a busy machine.
  test.setTimeout(100_000);
  await signIn(page, "carla@mueller.example");
  const areas = ["/catalog", "/orders", "/approvals", "/documents", "/service", "/customer/team", "/customer/timeline",
    "/account"];
  const headings = new Map<string, string>();
  for (const path of areas) headings.set(path, await headingOf(page, path));
  // Each area entered from the one before it (the first from the last).
  for (let i = 0; i < areas.length; i++) {
    const from = areas[(i + areas.length - 1) % areas.length];
    await followLink(page, from, areas[i], headings.get(areas[i])!);
  }
});

test("a vendor page opens directly by deep link, and the vendor area from the catalog", async ({ page }) => {
  await signIn(page, "vera@nordhydraulik.example");
  await page.goto("/vendor");
  await ready(page);
  const customer = (await page.locator('main a[href^="/vendor/customers/"]:not([href$="/follow-ups"])').first().getAttribute("href"))!;
  const direct = await page.goto(customer);
  expect(direct?.status()).toBe(200);
  await ready(page);
  const heading = (await page.locator("main h1").first().textContent())!.trim();
  await followLink(page, "/catalog", customer, heading);
  await followLink(page, customer, "/vendor/products", await headingOf(page, "/vendor/products"));
});

test("a first visit fetches one wasm file, named in the head so it loads at once", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname);
  });
  await page.goto("/");
  const preloaded = await page
    .locator('head link[rel="preload"][href$=".wasm"]')
    .evaluateAll((links) => links.map((l) => l.getAttribute("href")!));
  await ready(page);
  expect(preloaded).toHaveLength(1);
  await page.waitForLoadState("networkidle");
  expect(wasm).toEqual(preloaded);
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
