// Runs before every request except /api and Next's build files (next.config.mjs gives those their headers;
// a proxy in front of a route handler would make Next buffer the request body before the handler can
// refuse it as too large):
// 1. the security headers, with a fresh script nonce per page (Next reads it from the request's CSP);
// 2. posts to pages (server actions) from another origin, or with a body Next's decoder cannot read, are
//    refused before they reach the action;
// 3. comfort only: an anonymous visitor of /admin/* goes straight to the sign-in page. Cookie presence is
//    enough here; the real check is requireUser(), which every admin page, action and route calls itself.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.mjs";
import { baseSecurityHeaders, createNonce, policyForPath, siteMode } from "@/lib/http/security-headers.mjs";
import { DomainError } from "@/lib/errors/domain-error";
import { unreadableActionBody } from "@/lib/http/action-body";
import { errorResponse } from "@/lib/http/error-answer";
import { assertSameOrigin, changesState } from "@/lib/http/site-origin";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_ADMIN_PATHS = new Set(["/admin/sign-in", "/admin/setup"]);
const mode = siteMode(env);
const baseHeaders = baseSecurityHeaders(mode);

function hasSessionCookie(request: NextRequest): boolean {
  // Large sessions are split into numbered chunks: "authjs.session-token.0", ".1"…
  return request.cookies
    .getAll()
    .some(({ name }) => SESSION_COOKIES.some((base) => name === base || name.startsWith(`${base}.`)));
}

function isAdminPath(pathname: string): boolean {
  return pathname === "/admin" || pathname.startsWith("/admin/");
}

function withSecurityHeaders<T extends Response>(response: T, policy: string): T {
  for (const [name, value] of baseHeaders) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** A request that may run a server action: anything but a read, sent to a page address (/api answers on its own). */
function mayRunServerAction(method: string, pathname: string): boolean {
  return changesState(method) && pathname !== "/api" && !pathname.startsWith("/api/");
}

/** The same origin check server actions make themselves (lib/http/action.ts), before Next decodes the action. */
function originRefusal(request: NextRequest): DomainError | null {
  try {
    assertSameOrigin(request.headers);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const policy = policyForPath(pathname, createNonce(), mode);

  if (mayRunServerAction(request.method, pathname)) {
    const refusal =
      originRefusal(request) ?? (request.headers.has("next-action") ? await unreadableActionBody(request) : null);
    if (refusal) return withSecurityHeaders(errorResponse(refusal), policy);
  }

  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", policy);
  if (isAdminPath(pathname)) {
    if (!PUBLIC_ADMIN_PATHS.has(pathname) && !hasSessionCookie(request)) {
      const signIn = new URL("/admin/sign-in", request.url);
      if (pathname !== "/admin") signIn.searchParams.set("callbackUrl", pathname + search);
      return withSecurityHeaders(NextResponse.redirect(signIn), policy);
    }
    // Pages use the path to send a visitor whose session turned out invalid back here after sign-in.
    forwarded.set("x-pushboard-path", pathname + search);
  }
  return withSecurityHeaders(NextResponse.next({ request: { headers: forwarded } }), policy);
}

export const config = {
  // Everything but route handlers, Next's hashed build files and image optimizer output.
  matcher: ["/((?!api/|api$|_next/static/|_next/image).*)"],
};
