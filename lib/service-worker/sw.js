// @ts-check
/// <reference lib="webworker" />
// Pushboard's service worker: shows every push, reports receipts (queued in IndexedDB while offline),
// follows clicks, renews the subscription when the browser replaces it, and serves the offline page.
// The decisions live in public/sw-logic.js and public/sw-cache.js, which the unit tests load too. This file is the source, not
// a public file: app/sw.js/route.ts serves it at /sw.js with VERSION filled in (lib/service-worker/script.ts).
importScripts("/sw-logic.js");
importScripts("/sw-cache.js");

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const logic = /** @type {typeof import("../../public/sw-logic.js")} */ (/** @type {any} */ (self).PushboardSW);
const caching = /** @type {typeof import("../../public/sw-cache.js")} */ (/** @type {any} */ (self).PushboardSWCache);

// A hash of this file and the scripts it imports, put in when /sw.js is served: any change to the worker's code
// gives new cache names, so the new worker drops the old caches without anyone bumping a number.
const VERSION = "__PUSHBOARD_SW_VERSION__";
const CACHES = caching.cacheNames(VERSION);
const OFFLINE_URL = "/offline";
const PRECACHE = [
  OFFLINE_URL,
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/badge-96.png",
  "/manifest.webmanifest",
];
const DEFAULTS = { defaultIcon: "/icons/icon-192.png", defaultBadge: "/icons/badge-96.png" };
const SITE_ORIGIN = sw.location.origin;

// ---- IndexedDB: the receipt queue and the current subscription's proof -------------------------

/** @returns {Promise<IDBDatabase>} */
function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("pushboard-sw", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("receipts", { autoIncrement: true });
      request.result.createObjectStore("kv");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * @template T
 * @param {"receipts" | "kv"} store @param {IDBTransactionMode} mode @param {(s: IDBObjectStore) => IDBRequest<T>} run
 * @returns {Promise<T>}
 */
async function idb(store, mode, run) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = run(tx.objectStore(store));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

// ---- receipts ------------------------------------------------------------------------------------

/** @param {unknown} receipt @returns {Promise<number | null>} the status, or null without an answer */
async function postReceipt(receipt) {
  try {
    const response = await fetch("/api/receipts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(receipt),
    });
    return response.status;
  } catch {
    return null;
  }
}

/** Sends a receipt now, or keeps it for later when offline or the server is struggling. @param {unknown} receipt */
async function report(receipt) {
  if (!receipt) return;
  const status = await postReceipt(receipt);
  if (logic.isRetryable(status)) {
    await idb("receipts", "readwrite", (s) => s.add({ receipt, queuedAt: Date.now() }));
    await /** @type {any} */ (sw.registration).sync?.register("pushboard-receipts").catch(() => {});
  }
}

async function flushReceipts() {
  const keys = await idb("receipts", "readonly", (s) => s.getAllKeys());
  for (const key of keys) {
    const entry = await idb("receipts", "readonly", (s) => s.get(key));
    if (!entry) continue;
    const status = await postReceipt(entry.receipt);
    if (logic.isRetryable(status)) return; // still offline: keep the rest in order for the next try
    await idb("receipts", "readwrite", (s) => s.delete(key));
  }
}

// ---- push ----------------------------------------------------------------------------------------

/** @param {ReturnType<typeof logic.pageMessage>} message */
async function tellOpenPages(message) {
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage(message);
}

sw.addEventListener("push", (event) => {
  /** @type {string | null} */
  let raw = null;
  try {
    raw = event.data ? event.data.text() : null;
  } catch {
    raw = null;
  }
  const result = logic.readPayload(raw, SITE_ORIGIN);
  const { title, options } = logic.buildNotification(result.payload, DEFAULTS);
  event.waitUntil(
    (async () => {
      // Always shown, focused window or not: a push that shows nothing costs us the permission.
      await sw.registration.showNotification(title, options);
      if (!result.ok) console.warn(`[pushboard] ${result.problem}; showed a generic notification`);
      const badge = result.payload.appBadge;
      const nav = /** @type {any} */ (sw.navigator);
      if (badge !== null && nav.setAppBadge) await nav.setAppBadge(badge).catch(() => {});
      await Promise.all([tellOpenPages(logic.pageMessage(result)), report(logic.receiptFor(options.data, "shown"))]);
      await flushReceipts().catch(() => {});
    })(),
  );
});

/** Focuses a tab already at the URL, or opens one. @param {string} url */
async function openOrFocus(url) {
  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => logic.samePage(client.url, url));
  if (open && "focus" in open) return open.focus();
  return sw.clients.openWindow(url);
}

sw.addEventListener("notificationclick", (event) => {
  const { notification, action } = event;
  notification.close();
  // null: a button without a URL, which only dismisses; its click is reported all the same
  const url = logic.clickTarget(notification.data, action, SITE_ORIGIN);
  const receipt = logic.receiptFor(notification.data, action ? "action" : "clicked", action);
  event.waitUntil(Promise.all([url === null ? null : openOrFocus(url).catch(() => null), report(receipt)]));
});

sw.addEventListener("notificationclose", (event) => {
  event.waitUntil(report(logic.receiptFor(event.notification.data, "closed")));
});

// ---- subscription renewal ------------------------------------------------------------------------

/** @typedef {{ endpoint: string, auth: string }} Proof */

/** @param {PushSubscription} subscription @returns {Proof} */
function proofOf(subscription) {
  return { endpoint: subscription.endpoint, auth: logic.toBase64Url(subscription.getKey("auth")) };
}

/**
 * The browser replaced (or dropped) our subscription: subscribe again with the server's current key
 * and send the new one with proof of the old, so the server keeps the visitor's row and topics.
 * @param {PushSubscription | null} oldSubscription @param {PushSubscription | null} newSubscription
 */
async function renewSubscription(oldSubscription, newSubscription) {
  const response = await fetch("/api/vapid-public-key", { cache: "no-store" });
  const { publicKey } = /** @type {{ publicKey: string }} */ (await response.json());
  const fresh =
    newSubscription ??
    (await sw.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: logic.fromBase64Url(publicKey),
    }));
  /** @type {Proof | undefined} */
  const old = oldSubscription ? proofOf(oldSubscription) : await idb("kv", "readonly", (s) => s.get("proof"));
  const body = {
    ...fresh.toJSON(),
    vapidPublicKey: publicKey,
    ...(old ? { oldEndpoint: old.endpoint, oldAuth: old.auth } : {}),
  };
  const saved = await fetch("/api/subscriptions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (saved.ok) await idb("kv", "readwrite", (s) => s.put(proofOf(fresh), "proof"));
}

sw.addEventListener("pushsubscriptionchange", (event) => {
  const e =
    /** @type {Event & { oldSubscription?: PushSubscription | null, newSubscription?: PushSubscription | null, waitUntil(p: Promise<unknown>): void }} */ (
      event
    );
  e.waitUntil(
    renewSubscription(e.oldSubscription ?? null, e.newSubscription ?? null).catch((error) =>
      console.warn("[pushboard] re-subscribe failed", error),
    ),
  );
});

// Pages tell the worker which subscription is current, so it can prove it later.
sw.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "pushboard:subscription" && typeof data.endpoint === "string" && typeof data.auth === "string") {
    event.waitUntil(idb("kv", "readwrite", (s) => s.put({ endpoint: data.endpoint, auth: data.auth }, "proof")));
  } else if (data.type === "pushboard:forget") {
    event.waitUntil(idb("kv", "readwrite", (s) => s.delete("proof")));
  } else if (data.type === "pushboard:flush") {
    event.waitUntil(flushReceipts().catch(() => {}));
  }
});

sw.addEventListener("sync", (event) => {
  const e = /** @type {Event & { tag: string, waitUntil(p: Promise<unknown>): void }} */ (event);
  if (e.tag === "pushboard-receipts") e.waitUntil(flushReceipts());
});

// ---- lifecycle and offline -----------------------------------------------------------------------

sw.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHES.precache);
      await cache.addAll(PRECACHE);
      // The offline page's own CSS and scripts, so it renders styled with no network.
      const offline = await cache.match(OFFLINE_URL);
      const assets = offline ? caching.staticAssetsIn(await offline.text()) : [];
      await Promise.all(assets.map((asset) => cache.add(asset).catch(() => {})));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set(Object.values(CACHES));
      for (const name of await caches.keys())
        if (name.startsWith("pushboard-") && !keep.has(name)) await caches.delete(name);
      await sw.clients.claim();
      await flushReceipts().catch(() => {});
    })(),
  );
});

sw.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const policy = caching.cachePolicy(request.url, SITE_ORIGIN);
  if (policy === "network") return;
  if (policy === "static") {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(CACHES.runtime)).put(request, response.clone());
            return response;
          }),
      ),
    );
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(
        async () => (await caches.match(OFFLINE_URL)) ?? new Response("You are offline.", { status: 503 }),
      ),
    );
  }
});
