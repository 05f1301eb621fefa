// Kontor installs as an app: a manifest, a service worker that keeps the hashed site
// files and shows an offline page — and never keeps a signed-in page.
import { test, expect, type Page } from "@playwright/test";
import { ready, signIn, signOut } from "./helpers";

async function controlled(page: Page) {
  await page.goto("/");
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker controls the pages loaded after it took over.
  await page.reload();
  await ready(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test("the installability criteria hold: manifest, icons, a worker controlling the page", async ({ page, request }) => {
  await controlled(page);
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest.name).toContain("Kontor");
  expect(manifest.start_url).toBe("/");
  expect(manifest.display).toBe("standalone");
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toBe(icon.type);
  }
  // Chromium's own verdict.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // Playwright's browser contexts are incognito profiles, where Chromium never offers
  // installing; that is the test's setting, not the site's. Every other criterion
  // (manifest fields, icons, the worker) must hold.
  const siteErrors = installabilityErrors.filter((e) => e.errorId !== "in-incognito");
  expect(siteErrors).toEqual([]);
});

test("without a network a navigation shows the offline page", async ({ page, context }) => {
  await controlled(page);
  await context.setOffline(true);
  await page.goto("/catalog").catch(() => {});
  await expect(page.locator("h1")).toHaveText("You are offline");
  await context.setOffline(false);
  await page.goto("/catalog");
  await expect(page.locator("main h1").first()).toHaveText("Catalog");
});

test("after sign-out a signed-in page is never served from the cache", async ({ page, context }) => {
  await controlled(page);
  await signIn(page, "egon@mueller.example");
  await page.goto("/orders");
  await ready(page);
  await expect(page.locator('[data-signed-in="egon@mueller.example"]')).toBeVisible();
  await signOut(page);
  // Offline: not Egon's orders from a cache, the offline page.
  await context.setOffline(true);
  await page.goto("/orders").catch(() => {});
  await expect(page.locator("h1")).toHaveText("You are offline");
  await expect(page.locator("body")).not.toContainText("egon@mueller.example");
  // Online again: the server asks for a sign-in, nothing of Egon's is shown.
  await context.setOffline(false);
  await page.goto("/orders");
  await ready(page);
  await expect(page.locator('[data-signed-in="egon@mueller.example"]')).toHaveCount(0);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const name of names) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  // Only site files and the offline page are kept.
  for (const url of cached) expect(url).toMatch(/^\/(pkg\/|offline\.|favicon\.svg$)/);
});
