// Kontor's service worker. Served by the server at /sw.js with the build's version
// prepended (`const VERSION = "…"`), so a new deployment is a new worker: it takes
// over on the next visit and drops the previous version's cache.
//
// What it keeps: the site's content-hashed files (/pkg/…, which never change under
// their name) and the offline page with its style. What it never keeps: pages (HTML)
// and answers of the API or server functions — a signed-in page must never outlive
// its session. A navigation that fails for want of a network shows the offline page.
const CACHE = `kontor-${VERSION}`;
const OFFLINE_PAGE = "/offline.html";
const OFFLINE_FILES = [OFFLINE_PAGE, "/offline.css", "/favicon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(OFFLINE_FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** `/pkg/kontor.<hash>.wasm` and its siblings: the name changes with the content. */
function isHashedSiteFile(url) {
  return url.origin === self.location.origin && /^\/pkg\/[^/]+\.[A-Za-z0-9_-]{16,}\.[a-z]+$/.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    // Always from the network; the cache only stands in when there is none.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE)));
    return;
  }
  if (isHashedSiteFile(url)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
    return;
  }
  if (OFFLINE_FILES.includes(url.pathname) && url.origin === self.location.origin) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
  // Everything else (server functions, files, other pages' data) goes to the network
  // untouched and is never stored.
});
