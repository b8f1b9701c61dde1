// The one answer to "what is this site's address?" and "did this request come from it?". PUBLIC_URL,
// when set, is the answer. Without it, the address is the one the request was sent to: the Host header
// on http (our server speaks plain http), or what the reverse proxy says in X-Forwarded-Host and
// X-Forwarded-Proto when TRUST_PROXY trusts the proxy the request came through; from anyone else those
// headers are ignored.
import { DomainError } from "@/lib/errors/domain-error";
import { env } from "@/lib/env.mjs";
import { viaTrustedProxy } from "./client-address";
import type { HeaderReader } from "./headers";
import type { TrustProxy } from "./trust-proxy.mjs";

/** host or host:port, as a Host header may carry it: a name, an IPv4 address or a bracketed IPv6 address. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const firstOf = (value: string | null) => value?.split(",")[0]?.trim() || null;

/** What decides the site's address: PUBLIC_URL and TRUST_PROXY (the environment's, unless a test says otherwise). */
export type SiteConfig = { publicUrl: string | undefined; trust: TrustProxy };
const fromEnv = (): SiteConfig => ({ publicUrl: env.PUBLIC_URL, trust: env.TRUST_PROXY });

/** The site's origin for this request ("https://push.example.com"), or null when its Host is unusable. */
export function siteOrigin(headers: HeaderReader, config: SiteConfig = fromEnv()): string | null {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const trusted = viaTrustedProxy(headers, config.trust);
  const host = (trusted && firstOf(headers.get("x-forwarded-host"))) || headers.get("host");
  const forwardedProto = trusted ? firstOf(headers.get("x-forwarded-proto"))?.toLowerCase() : null;
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  if (!host || !HOST.test(host)) return null;
  return new URL(`${proto}://${host}`).origin;
}

/** siteOrigin, for links the server builds; "http://localhost" when the request names no usable host. */
export function siteOriginOrLocalhost(headers: HeaderReader): string {
  return siteOrigin(headers) ?? `http://localhost:${env.PORT}`;
}

/**
 * Refuses a state-changing request that did not come from one of this site's pages: the browser's Origin
 * header must be exactly our origin, scheme and port included. Every current browser sends Origin on a
 * POST; "null" comes from sandboxed frames and data: URLs.
 */
export function assertSameOrigin(headers: HeaderReader, config: SiteConfig = fromEnv()): void {
  const origin = headers.get("origin");
  if (!origin || origin === "null")
    throw new DomainError("missing_origin", "This request did not come from this site.");
  let actual: string;
  try {
    actual = new URL(origin).origin;
  } catch {
    throw new DomainError("foreign_origin", "This request did not come from this site.");
  }
  if (actual !== siteOrigin(headers, config))
    throw new DomainError("foreign_origin", "This request did not come from this site.");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a method changes state (and so must come from our own pages when a session is used). */
export const changesState = (method: string) => !SAFE_METHODS.has(method.toUpperCase());
