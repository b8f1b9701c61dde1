// Which push endpoints we accept and later POST to. Endpoints come from browsers we do not control, so
// the URL is parsed and the *parsed* hostname matched; a regex over the raw string is bypassed by
// "https://evil.example/x.apple.com/" (web-push.md). The sender re-checks this at send time.
import { isIP } from "node:net";
import type { PushService } from "@/lib/db/schema/enums";
import { canonicalHref } from "./canonical-endpoint";

export type EndpointCheck =
  /** endpoint: the canonical spelling (./canonical-endpoint.ts), the one to store and compare */
  { ok: true; url: URL; endpoint: string; host: string; pushService: PushService } | { ok: false; reason: string };

/** Longest endpoint we store; real ones are under 600 characters (WNS tokens are the longest). */
export const MAX_ENDPOINT_LENGTH = 2048;

const EXACT_HOSTS: Record<string, PushService> = {
  "fcm.googleapis.com": "fcm",
  "android.googleapis.com": "fcm",
  "updates.push.services.mozilla.com": "mozilla",
};

const WILDCARD_SUFFIXES: readonly (readonly [string, PushService])[] = [
  [".push.apple.com", "apple"],
  [".notify.windows.com", "wns"],
];

/** Lower-cases and drops one trailing dot, so "FCM.googleapis.com." matches "fcm.googleapis.com". */
export function normalizeHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function builtInService(host: string): PushService | undefined {
  const exact = EXACT_HOSTS[host];
  if (exact) return exact;
  for (const [suffix, service] of WILDCARD_SUFFIXES) {
    // "x.push.apple.com" yes; "push.apple.com" and ".push.apple.com" no
    if (host.length > suffix.length && host.endsWith(suffix) && !host.slice(0, -suffix.length).endsWith(".")) {
      return service;
    }
  }
  return undefined;
}

/** Whether an admin allowed this host ("host" means port 443, "host:port" exactly that port). */
export function isExtraHost(host: string, port: string | number, extraHosts: readonly string[]): boolean {
  const name = normalizeHost(host);
  const portText = String(port);
  const wanted = portText === "" || portText === "443" ? [name, `${name}:443`] : [`${name}:${portText}`];
  return extraHosts.some((entry) => wanted.includes(normalizeHost(entry.trim())));
}

function isIpLiteral(hostname: string): boolean {
  // The WHATWG parser has already turned decimal, hex and octal IPv4 forms into dotted quads.
  if (hostname.startsWith("[") || hostname.includes(":")) return true;
  if (isIP(hostname) !== 0) return true;
  // A numeric last label is what the URL parser treats as IPv4; refuse whatever it made of it.
  const last = hostname.split(".").filter(Boolean).pop() ?? "";
  return /^(0x[0-9a-f]*|\d+)$/i.test(last);
}

export function checkEndpoint(endpoint: string, extraHosts: readonly string[]): EndpointCheck {
  if (typeof endpoint !== "string" || endpoint.length === 0) return { ok: false, reason: "The endpoint is empty" };
  if (endpoint.length > MAX_ENDPOINT_LENGTH) return { ok: false, reason: "The endpoint is too long" };
  if (endpoint !== endpoint.trim() || /[\s\\]/.test(endpoint)) {
    return { ok: false, reason: "The endpoint contains spaces or backslashes" };
  }
  // Browsers hand out serialized URLs, which are printable ASCII. NUL, bidi overrides, zero-width or
  // lone surrogates would be stored as given while the parser percent-encodes them (or SQLite replaces
  // them), so the stored endpoint would differ from the one we POST to and display.
  if (!/^[\x21-\x7e]+$/.test(endpoint)) {
    return { ok: false, reason: "The endpoint must be printable ASCII (a serialized URL)" };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { ok: false, reason: "The endpoint is not a valid URL" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "The endpoint must use https" };
  if (url.username !== "" || url.password !== "")
    return { ok: false, reason: "The endpoint must not contain user info" };
  if (url.hash !== "") return { ok: false, reason: "The endpoint must not contain a fragment" };
  if (isIpLiteral(url.hostname)) return { ok: false, reason: "The endpoint must name a host, not an IP address" };

  const host = normalizeHost(url.hostname);
  if (host === "" || host.startsWith(".") || host.includes(".."))
    return { ok: false, reason: "The endpoint's host is malformed" };

  if (url.port === "") {
    const service = builtInService(host);
    if (service) return { ok: true, url, endpoint: canonicalHref(url), host, pushService: service };
  }
  if (isExtraHost(host, url.port, extraHosts))
    return { ok: true, url, endpoint: canonicalHref(url), host, pushService: "other" };
  if (url.port !== "" && builtInService(host)) return { ok: false, reason: "The endpoint must use port 443" };
  return { ok: false, reason: "The endpoint is not at a known push service" };
}
