// Comfort only: an anonymous visitor of /admin/* goes straight to the sign-in page. Cookie presence is
// enough here; the real check is requireUser(), which every admin page, action and route calls itself.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_PATHS = new Set(["/admin/sign-in", "/admin/setup"]);

function hasSessionCookie(request: NextRequest): boolean {
  // Large sessions are split into numbered chunks: "authjs.session-token.0", ".1"…
  return request.cookies.getAll().some(({ name }) => SESSION_COOKIES.some((base) => name === base || name.startsWith(`${base}.`)));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.has(pathname) || hasSessionCookie(request)) {
    // Pages use the path to send a visitor whose session turned out invalid back here after sign-in.
    const forwarded = new Headers(request.headers);
    forwarded.set("x-pushboard-path", pathname + search);
    return NextResponse.next({ request: { headers: forwarded } });
  }
  const signIn = new URL("/admin/sign-in", request.url);
  if (pathname !== "/admin") signIn.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/admin", "/admin/:path*"] };
