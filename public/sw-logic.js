// @ts-check
// Pushboard's service-worker logic as pure functions: public/sw.js loads this file with importScripts,
// and the unit tests require() it, so what the tests check is exactly what the worker runs.
// It reads the Declarative Web Push JSON (lib/push/types.ts PushPayload) and never trusts it. What the
// worker may cache for the offline page is decided in public/sw-cache.js.

/**
 * @typedef {{ action: string, title: string, url: string | null }} ClickAction a null url: the button only closes
 * @typedef {{
 *   url: string, actions: ClickAction[], receiptToken: string | null, campaignId: number | null,
 *   app?: Record<string, unknown>
 * }} NotificationData
 * @typedef {{
 *   title: string, body: string, url: string, icon: string | null, image: string | null, badge: string | null,
 *   tag: string | null, renotify: boolean, requireInteraction: boolean, silent: boolean, lang: string | null,
 *   dir: "auto" | "ltr" | "rtl", timestamp: number | null, actions: ClickAction[], receiptToken: string | null,
 *   campaignId: number | null, appBadge: number | null, app: Record<string, unknown> | null
 * }} ReadPayload
 * @typedef {{ ok: true, payload: ReadPayload } | { ok: false, problem: string, payload: ReadPayload }} ReadResult
 */

const MAX_ACTIONS = 2;
const FALLBACK_TITLE = "New notification";
const FALLBACK_BODY = "Open the site to see what's new.";

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** @param {unknown} value @param {number} max */
function text(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/**
 * An absolute http(s) URL, or null. Relative URLs resolve against the site's origin.
 * @param {unknown} value @param {string} origin
 */
function httpUrl(value, origin) {
  if (typeof value !== "string" || value === "") return null;
  try {
    const url = new URL(value, origin);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** @param {string} origin @returns {ReadPayload} */
function fallbackPayload(origin) {
  return {
    title: FALLBACK_TITLE,
    body: FALLBACK_BODY,
    url: new URL("/", origin).href,
    icon: null,
    image: null,
    badge: null,
    tag: null,
    renotify: false,
    requireInteraction: false,
    silent: false,
    lang: null,
    dir: "auto",
    timestamp: null,
    actions: [],
    receiptToken: null,
    campaignId: null,
    appBadge: null,
    app: null,
  };
}

/**
 * Reads a push message's text. Missing or unreadable data still yields a notification to show
 * (browsers penalise a push that shows nothing) plus the problem to report.
 * @param {string | null} raw the message text, or null when the push had no data
 * @param {string} origin the worker's origin, for relative URLs and the fallback
 * @returns {ReadResult}
 */
function readPayload(raw, origin) {
  const fallback = fallbackPayload(origin);
  if (raw === null || raw === "") return { ok: false, problem: "push without data", payload: fallback };
  /** @type {unknown} */
  let json;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: "push data is not JSON", payload: fallback };
  }
  if (!isObject(json) || !isObject(json.notification)) {
    return { ok: false, problem: "push data has no notification object", payload: fallback };
  }
  const n = json.notification;
  const title = text(n.title, 200).trim();
  if (title === "") return { ok: false, problem: "notification has no title", payload: fallback };
  const extras = isObject(n.data) && isObject(n.data.pushboard) ? n.data.pushboard : {};
  const url = httpUrl(n.navigate, origin) ?? fallback.url;
  const actions = (Array.isArray(extras.actions) ? extras.actions : [])
    .filter(isObject)
    // no navigate: a dismiss button (opens nothing); an unusable one falls back to the notification's URL
    .map((a) => ({
      action: text(a.action, 64),
      title: text(a.title, 64),
      url:
        a.navigate === undefined || a.navigate === null || a.navigate === ""
          ? null
          : (httpUrl(a.navigate, origin) ?? url),
    }))
    .filter((a) => a.action !== "" && a.title !== "")
    .slice(0, MAX_ACTIONS);
  const tag = text(n.tag, 128) || null;
  const token =
    typeof extras.receiptToken === "string" && /^[A-Za-z0-9_-]{16,128}$/.test(extras.receiptToken)
      ? extras.receiptToken
      : null;
  const badgeCount = Number(json.app_badge);
  return {
    ok: true,
    payload: {
      title,
      body: text(n.body, 1000),
      url,
      icon: httpUrl(extras.icon, origin),
      image: httpUrl(extras.image, origin),
      badge: httpUrl(extras.badge, origin),
      tag,
      renotify: extras.renotify === true && tag !== null, // browsers throw for renotify without a tag
      requireInteraction: extras.requireInteraction === true,
      silent: n.silent === true,
      lang: text(n.lang, 35) || null,
      dir: n.dir === "ltr" || n.dir === "rtl" ? n.dir : "auto",
      timestamp: typeof extras.timestamp === "number" && Number.isFinite(extras.timestamp) ? extras.timestamp : null,
      actions,
      receiptToken: token,
      campaignId: typeof extras.campaignId === "number" ? extras.campaignId : null,
      appBadge: json.app_badge !== undefined && Number.isSafeInteger(badgeCount) && badgeCount >= 0 ? badgeCount : null,
      // an API send's own JSON, handed on untouched for the site's code (notification.data.app)
      app: isObject(n.data) && isObject(n.data.app) ? n.data.app : null,
    },
  };
}

/**
 * The arguments for registration.showNotification().
 * @param {ReadPayload} p
 * @param {{ defaultIcon?: string, defaultBadge?: string }} [defaults]
 * @returns {{ title: string, options: NotificationOptions & Record<string, unknown> }}
 */
function buildNotification(p, defaults = {}) {
  /** @type {NotificationData} */
  const data = { url: p.url, actions: p.actions, receiptToken: p.receiptToken, campaignId: p.campaignId };
  if (p.app) data.app = p.app;
  /** @type {NotificationOptions & Record<string, unknown>} */
  const options = {
    body: p.body,
    data,
    dir: p.dir,
    requireInteraction: p.requireInteraction,
    silent: p.silent,
    actions: p.actions.map((a) => ({ action: a.action, title: a.title })),
  };
  const icon = p.icon ?? defaults.defaultIcon;
  const badge = p.badge ?? defaults.defaultBadge;
  if (icon) options.icon = icon;
  if (badge) options.badge = badge;
  if (p.image) options.image = p.image;
  if (p.tag) {
    options.tag = p.tag;
    options.renotify = p.renotify;
  }
  if (p.lang) options.lang = p.lang;
  if (p.timestamp !== null) options.timestamp = p.timestamp;
  return { title: p.title, options };
}

/**
 * Where a click goes: the action button's own URL, else the notification's; null for a button
 * without a URL, which only closes the notification.
 * @param {unknown} data notification.data as stored by buildNotification
 * @param {string} action event.action ("" for a click on the body)
 * @param {string} origin
 * @returns {string | null}
 */
function clickTarget(data, action, origin) {
  const d = isObject(data) ? data : {};
  const main = httpUrl(d.url, origin) ?? new URL("/", origin).href;
  if (!action) return main;
  const match = (Array.isArray(d.actions) ? d.actions : []).find((a) => isObject(a) && a.action === action);
  if (isObject(match) && match.url === null) return null;
  return (isObject(match) && httpUrl(match.url, origin)) || main;
}

/**
 * The receipt to report, or null for a notification without a token (test pushes, fallbacks).
 * @param {unknown} data @param {"shown" | "clicked" | "closed" | "action"} kind @param {string} [action]
 * @returns {{ token: string, kind: string, action?: string } | null}
 */
function receiptFor(data, kind, action) {
  const token = isObject(data) && typeof data.receiptToken === "string" ? data.receiptToken : null;
  if (!token) return null;
  return kind === "action" && action ? { token, kind, action: action.slice(0, 64) } : { token, kind };
}

/** Worth keeping in the offline queue: no answer at all, throttled, or a server error. @param {number | null} status */
function isRetryable(status) {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/**
 * Two URLs name the same page (a tab at it can be focused instead of opening another).
 * @param {string} a @param {string} b
 */
function samePage(a, b) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname && x.search === y.search;
  } catch {
    return false;
  }
}

/**
 * What an open page gets when a push arrives (it shows it in the page).
 * @param {ReadResult} result
 */
function pageMessage(result) {
  const p = result.payload;
  return {
    type: "pushboard:push",
    title: p.title,
    body: p.body,
    url: p.url,
    problem: result.ok ? null : result.problem,
  };
}

/** base64url of a byte buffer (PushSubscription.getKey results). @param {ArrayBuffer | null} buffer */
function toBase64Url(buffer) {
  if (!buffer) return "";
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Bytes of a base64url string (the VAPID key for pushManager.subscribe). @param {string} value */
function fromBase64Url(value) {
  const base64 = value
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PushboardSW = {
  readPayload,
  buildNotification,
  clickTarget,
  receiptFor,
  isRetryable,
  samePage,
  pageMessage,
  toBase64Url,
  fromBase64Url,
  FALLBACK_TITLE,
};

if (typeof module === "object" && module.exports) module.exports = PushboardSW;
else /** @type {any} */ (globalThis).PushboardSW = PushboardSW;
