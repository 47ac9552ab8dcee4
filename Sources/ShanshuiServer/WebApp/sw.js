// The app's service worker: everything from the network when there is one, else from the cache (the last
// copy seen): the app shell and Leaflet (saved when the worker installs, so a new version of the app
// reaches the device on its next load), my cases, case pages, chips and imagery tiles.
const SHELL = "shanshui-shell-v3", DATA = "shanshui-data-v1";
const FILES = ["/app/", "/app/index.html", "/app/app.css", "/app/app.js", "/app/queue.js", "/app/i18n-zh-CN.js",
  "/app/i18n-en.js", "/app/desk.js", "/app/desk-map.js", "/app/desk.css",
  "/map/leaflet/leaflet.js", "/map/leaflet/leaflet.css"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
// A new version of the app replaces the old shell (the data cache is kept: it holds the offline cases).
self.addEventListener("activate", (event) => event.waitUntil(caches.keys()
  .then((names) => Promise.all(names.filter((n) => n.startsWith("shanshui-shell-") && n !== SHELL).map((n) => caches.delete(n))))
  .then(() => self.clients.claim())));

self.addEventListener("fetch", (event) => {
  const request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(DATA).then((c) => c.put(request, copy)); }
      return response;
    }).catch(() => caches.match(request, { ignoreSearch: url.pathname.startsWith("/api/v1/me/") })
      .then((hit) => hit || new Response(JSON.stringify({ detail: "offline" }),
        { status: 503, headers: { "Content-Type": "application/json" } }))));
    return;
  }
  if (url.pathname.startsWith("/app/") || url.pathname.startsWith("/map/leaflet/")) {
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(SHELL).then((c) => c.put(request, copy)); }
      return response;
    }).catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())));
  }
});
