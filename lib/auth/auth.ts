// Auth.js v5: email + password, stateless JWT sessions. The config is built lazily, on the first
// request, so `next build` never opens the database to read the signing secret.
import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { env } from "@/lib/env.mjs";
import { getServerContext } from "@/lib/server-context";
import { signInSchema } from "@/lib/users/schema";
import { authenticate } from "./authenticate";
import { deviceCookieName, deviceCookieOptions, readDeviceCookie, signDeviceCookie } from "./device-cookie";
import { SESSION_MAX_AGE_SECONDS } from "./session-claims";
import { clientAddress } from "@/lib/http/client-address";

export { SESSION_MAX_AGE_SECONDS };
export const SIGN_IN_PATH = "/admin/sign-in";

declare module "next-auth" {
  interface User {
    /** users.session_version when the password was checked; goes into the token */
    sessionVersion?: number;
  }
}

/** Thrown from `authorize` when the throttle blocks; the sign-in action reads `retryAfterMs`. */
export class SignInThrottled extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

// SECURE_COOKIES, when set, wins (e.g. false behind a TLS-terminating proxy on plain http); otherwise https PUBLIC_URL decides.
export const useSecureCookies = env.SECURE_COOKIES ?? env.PUBLIC_URL?.startsWith("https:") === true;

const DEVICE_COOKIE = deviceCookieName(useSecureCookies);

function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

/** Written from authorize(): both ways in (a server action's signIn, a POST to /api/auth) may set cookies. */
async function issueDeviceCookie(userId: number, deviceId: string): Promise<void> {
  (await cookies()).set(
    DEVICE_COOKIE,
    signDeviceCookie(getServerContext().authSecret, { userId, deviceId }),
    deviceCookieOptions(useSecureCookies),
  );
}

function buildConfig(): NextAuthConfig {
  return {
    secret: getServerContext().authSecret,
    trustHost: true, // self-hosted: the host header is the site's own
    useSecureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { appDb, authSecret } = getServerContext();
          const device = readDeviceCookie(authSecret, cookieValue(request.headers.get("cookie"), DEVICE_COOKIE));
          const result = await authenticate(appDb, { ...parsed.data, ip: clientAddress(request.headers), device });
          if (result.ok) {
            await issueDeviceCookie(result.user.id, result.deviceId);
            return {
              id: String(result.user.id),
              email: result.user.email,
              name: result.user.name,
              sessionVersion: result.user.sessionVersion,
            };
          }
          if (result.reason === "throttled") throw new SignInThrottled(result.retryAfterMs);
          return null;
        },
      }),
    ],
    callbacks: {
      // The token carries the account id and what identifies this session (session-claims.ts); the role
      // and whether the session was ended are re-read from the database on every check (access.ts).
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sid = randomBytes(16).toString("base64url");
          token.ver = user.sessionVersion ?? 0;
          token.signedInAt = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        const claims = { userId: Number(token.sub), sid: token.sid, version: token.ver, signedInAt: token.signedInAt };
        return Object.assign(session, { claims });
      },
    },
    logger: {
      // A wrong password is an expected outcome, not a server error worth a stack trace.
      error(error) {
        const type = (error as { type?: string }).type;
        if (error instanceof CredentialsSignin || type === "CredentialsSignin") return;
        // An expired, tampered or foreign session cookie: the visitor is simply treated as signed out.
        if (type === "JWTSessionError") return console.warn("[auth] ignored an invalid session cookie");
        console.error("[auth]", error);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
