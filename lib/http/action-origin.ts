// Server actions are POSTs to a page's address, and browsers attach the admin's session cookie to them
// whatever site sends them. Next refuses an Origin that differs from the forwarded host (or Host), but
// lets a request without Origin through, and the forwarded host is whatever the client or the nearest
// proxy says. We check every non-GET request to a page address (with or without JavaScript, an action
// is one), and with PUBLIC_URL we know our origin and accept only it. /api routes answer on their own.

export type ActionOriginCheck = { ok: true } | { ok: false; reason: "missing_origin" | "foreign_origin" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True for a request that may run a server action: anything but a read, sent to a page address. */
export function mayRunServerAction(method: string, pathname: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase()) && pathname !== "/api" && !pathname.startsWith("/api/");
}

function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Whether a server action request comes from our own site. Without PUBLIC_URL, "our site" is the host
 * the request was addressed to, read as Next reads it (first X-Forwarded-Host, else Host).
 */
export function checkActionOrigin(headers: Headers, publicUrl: string | undefined): ActionOriginCheck {
  const origin = headers.get("origin");
  // Every current browser sends Origin on a POST; "null" comes from sandboxed frames and data: URLs.
  if (!origin || origin === "null") return { ok: false, reason: "missing_origin" };
  if (publicUrl) return origin === new URL(publicUrl).origin ? { ok: true } : { ok: false, reason: "foreign_origin" };
  const expected = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  const actual = hostOf(origin);
  return actual !== null && expected !== null && actual.toLowerCase() === expected.toLowerCase() ? { ok: true } : { ok: false, reason: "foreign_origin" };
}
