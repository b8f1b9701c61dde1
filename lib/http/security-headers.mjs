// @ts-check
// The security headers of every response, built in one place. proxy.ts adds them to pages and public
// files at request time, so each page gets a fresh script nonce and HSTS follows the running server's
// PUBLIC_URL; next.config.mjs adds them to /api answers and /_next/static files, which the proxy skips
// (decided when the app is built). Plain .mjs so next.config.mjs can import it.

/**
 * @typedef {object} SiteMode
 * @property {boolean} dev   `next dev`: React evaluates code for its error overlay and injects styles without a nonce
 * @property {boolean} https the site is served over https: stray http URLs are upgraded, HSTS is sent
 */

/** @param {Record<string, string[]>} directives */
function serialize(directives) {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/**
 * Images: our own files, the `next/image` optimizer, and whatever https address an admin gives as a
 * notification icon or image (the composer previews it as the browser will show it).
 * @param {SiteMode} mode
 */
const imageSources = (mode) => ["'self'", "data:", "blob:", "https:", ...(mode.https ? [] : ["http:"])];

/**
 * The policy of every HTML page. Scripts run only when they carry this response's nonce (Next adds it to
 * its own scripts) or are loaded by such a script ('strict-dynamic': Next's chunk loader); 'self' only
 * helps browsers without strict-dynamic. Style attributes stay allowed: React renders computed widths
 * and chart colours as style="…", which cannot run code; <style> and stylesheet elements need the nonce
 * or our origin.
 * @param {string} nonce base64, fresh per response
 * @param {SiteMode} mode
 */
export function pagePolicy(nonce, mode) {
  return serialize({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(mode.dev ? ["'unsafe-eval'"] : [])],
    "style-src": mode.dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": imageSources(mode),
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'none'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(mode.https ? { "upgrade-insecure-requests": [] } : {}),
  });
}

/**
 * The service worker's own policy (a worker is governed by the CSP of its script response): it imports
 * sw-logic.js, talks to our API and caches our files; notification icons may live on other https hosts.
 * @param {SiteMode} mode
 */
export function workerPolicy(mode) {
  return serialize({
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": imageSources(mode),
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  });
}

/** JSON, CSV, images, scripts and styles as files: nothing in them may load or run anything, or be framed. */
export const RESOURCE_POLICY = serialize({
  "default-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
});

/** Powerful features no Pushboard page uses. Notifications and push are not policy-controlled features. */
export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/** Two years, subdomains included: only sent when the site itself is https (browsers ignore it over http anyway). */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Which policy a path the proxy sees gets: the service worker has its own, every other path may answer
 * with HTML (a page, a 404, an error) and gets the page policy.
 * @param {string} pathname
 * @param {string} nonce
 * @param {SiteMode} mode
 */
export function policyForPath(pathname, nonce, mode) {
  if (pathname === "/sw.js") return workerPolicy(mode);
  return pagePolicy(nonce, mode);
}

/**
 * Every security header but the CSP, as [name, value] pairs.
 * @param {SiteMode & { hsts: boolean }} options
 * @returns {[string, string][]}
 */
export function baseSecurityHeaders(options) {
  /** @type {[string, string][]} */
  const headers = [
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", PERMISSIONS_POLICY],
  ];
  if (options.hsts) headers.push(["Strict-Transport-Security", HSTS]);
  return headers;
}

/**
 * The site's mode from the validated environment: https when PUBLIC_URL is https or Secure cookies are
 * forced on (a TLS-terminating proxy in front); HSTS only for a production server on https.
 * @param {Pick<import("../env.mjs").Env, "NODE_ENV" | "PUBLIC_URL" | "SECURE_COOKIES">} env
 * @returns {SiteMode & { hsts: boolean }}
 */
export function siteMode(env) {
  const https = env.PUBLIC_URL?.startsWith("https:") === true || env.SECURE_COOKIES === true;
  return { dev: env.NODE_ENV === "development", https, hsts: https && env.NODE_ENV === "production" };
}

/**
 * The headers of answers that are files or data, not pages: API answers, build files. next.config.mjs
 * adds them to what Next serves; scripts/server.ts to the routes it answers without Next's router.
 * @param {SiteMode & { hsts: boolean }} options
 * @returns {[string, string][]}
 */
export function resourceHeaders(options) {
  return [...baseSecurityHeaders(options), ["Content-Security-Policy", RESOURCE_POLICY]];
}

/** A fresh base64 nonce: 128 random bits. */
export function createNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
