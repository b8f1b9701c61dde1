// @ts-check
// The service worker's caching decisions as pure functions: which requests it may answer from its cache,
// what the offline page needs, and the cache names of a worker version. lib/service-worker/sw.js loads
// this file with importScripts beside sw-logic.js (the notifications); the unit tests require() it.

/**
 * Whether the worker may answer a GET from its cache. Admin pages, the API and auth flows are always
 * left to the network: they carry personal or fresh data.
 * @param {string} requestUrl @param {string} origin
 * @returns {"static" | "navigate-only" | "network"}
 */
function cachePolicy(requestUrl, origin) {
  let url;
  try {
    url = new URL(requestUrl);
  } catch {
    return "network";
  }
  if (url.origin !== origin) return "network";
  const path = url.pathname;
  if (/^\/(admin|api|auth)(\/|$)/.test(path)) return "network";
  if (path.startsWith("/_next/static/") || path.startsWith("/icons/") || path.startsWith("/screenshots/"))
    return "static";
  return "navigate-only";
}

/** The /_next/static files an HTML page needs, so the offline page renders with its styles. @param {string} html */
function staticAssetsIn(html) {
  const found = new Set();
  for (const match of html.matchAll(/["'(](\/_next\/static\/[^"'()\s\\]+)/g)) found.add(match[1]);
  return [...found];
}

/** @param {string} version */
function cacheNames(version) {
  return { precache: `pushboard-precache-${version}`, runtime: `pushboard-runtime-${version}` };
}

const PushboardSWCache = { cachePolicy, staticAssetsIn, cacheNames };

if (typeof module === "object" && module.exports) module.exports = PushboardSWCache;
else /** @type {any} */ (globalThis).PushboardSWCache = PushboardSWCache;
