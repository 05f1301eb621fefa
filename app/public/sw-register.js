// Installs Kontor's service worker (/sw.js): hashed site files from the cache, and an
// offline page when the network is gone. A separate file, so that no inline script
// is needed (the Content Security Policy allows none) and it runs before the wasm.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
