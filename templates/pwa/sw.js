// Kakehashi's service worker (served by kakehashi.core.pwa at /sw.js, scope "/"). Small on purpose:
// - the pages a signed-in person opened recently: from the network first, the kept copy when offline;
//   kept only when the page says so (X-Kakehashi-Offline: keep), forgotten when the person changes
//   (X-Kakehashi-User: a sign-out, someone else signing in) or when the page asks (a sign-out);
// - a page never opened, offline: the offline page in the language of the last page seen;
// - the static files: from the kept copy first;
// - the forms saved offline (static/js/outbox.js): sent on Background Sync, where the browser has it;
// - Web Push: shows the notification, and a tap opens its page.
// Nothing but GET requests of this site is ever answered from a copy; POSTs always go to the network.
"use strict";

const CONFIG = {{ config|safe }};
const VERSION = "__VERSION__";
const STATIC_CACHE = "kakehashi-static-" + VERSION;
const PAGES_CACHE = "kakehashi-pages"; // the signed-in person's pages
const META_CACHE = "kakehashi-meta"; // who they were made for, and in which language
const META_URL = "/__kakehashi-meta__";
const MAX_PAGES = 40;

importScripts("{{ outbox }}");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      // Without cookies: nothing kept here is anybody's (and the server reads no session for it).
      .then((cache) => cache.addAll([...CONFIG.static, ...Object.values(CONFIG.offline)]
        .map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("kakehashi-static-") && name !== STATIC_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function readMeta() {
  const kept = await (await caches.open(META_CACHE)).match(META_URL);
  return kept ? kept.json() : { user: "-", lang: CONFIG.defaultLanguage };
}

async function writeMeta(meta) {
  await (await caches.open(META_CACHE)).put(META_URL, new Response(JSON.stringify(meta)));
}

// Forget every kept page (and say nobody is signed in).
async function forgetPages() {
  await caches.delete(PAGES_CACHE);
  const meta = await readMeta();
  await writeMeta({ user: "-", lang: meta.lang });
}

// A page came from the network: note who it was for, and keep it if it may be kept.
async function remember(request, response) {
  const user = response.headers.get(CONFIG.userHeader);
  if (user === null) return; // not one of our HTML pages
  const meta = await readMeta();
  const lang = (response.headers.get("Content-Language") || meta.lang).slice(0, 2);
  if (user !== meta.user) await caches.delete(PAGES_CACHE);
  if (user !== meta.user || lang !== meta.lang) await writeMeta({ user, lang });
  if (user === "-" || !response.ok || response.headers.get(CONFIG.keepHeader) !== "keep") return;
  const pages = await caches.open(PAGES_CACHE);
  await pages.delete(request.url); // put it back last: the oldest pages go first
  await pages.put(request.url, response);
  const keys = await pages.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await pages.delete(old);
}

async function navigate(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    event.waitUntil(remember(request, response.clone()));
    return response;
  } catch (offline) {
    const kept = await (await caches.open(PAGES_CACHE)).match(request.url, { ignoreVary: true });
    if (kept) return kept;
    const meta = await readMeta();
    const page = CONFIG.offline[meta.lang] || CONFIG.offline[CONFIG.defaultLanguage];
    return (await caches.match(page)) || Response.error();
  }
}

async function fromStatic(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) (await caches.open(STATIC_CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(fromStatic(request));
  }
});

// Tell the open pages what the outbox sent, so they can say so.
async function sendOutbox() {
  const meta = await readMeta();
  if (meta.user === "-") return;
  const result = await self.KakehashiOutbox.flush(meta.user, null);
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach((page) => page.postMessage({ type: "outbox-sent", sent: result.sent.length, refused: result.refused }));
  if (result.offline) throw new Error("still offline"); // Background Sync tries again later
}

self.addEventListener("sync", (event) => {
  if (event.tag === self.KakehashiOutbox.SYNC_TAG) event.waitUntil(sendOutbox());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "signed-out") event.waitUntil(forgetPages());
  if (data.type === "send-outbox") event.waitUntil(sendOutbox().catch(() => {}));
});

// Web Push (kakehashi.notifications.channels.WebPushChannel): {"title", "body", "url", "tag"}.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (notJson) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "Kakehashi", {
    body: data.body || "",
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    tag: data.tag || undefined,
    lang: data.lang || undefined,
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return; // only pages of this site
  event.waitUntil((async () => {
    for (const page of await self.clients.matchAll({ type: "window" })) {
      if (page.url === target.href && "focus" in page) return page.focus();
    }
    return self.clients.openWindow(target.href);
  })());
});
