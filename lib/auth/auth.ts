// Auth.js v5: email + password, stateless JWT sessions. The config is built lazily, on the first
// request, so `next build` never opens the database to read the signing secret.
import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env.mjs";
import { getServerContext } from "@/lib/server-context";
import { signInSchema } from "@/lib/users/schema";
import { authenticate } from "./authenticate";
import { clientAddress } from "@/lib/http/client-address";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
export const SIGN_IN_PATH = "/admin/sign-in";

/** Thrown from `authorize` when the throttle blocks; the sign-in action reads `retryAfterMs`. */
export class SignInThrottled extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

// SECURE_COOKIES, when set, wins (e.g. false behind a TLS-terminating proxy on plain http); otherwise https PUBLIC_URL decides.
export const useSecureCookies = env.SECURE_COOKIES ?? env.PUBLIC_URL?.startsWith("https:") === true;

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
          const result = await authenticate(getServerContext().db, { ...parsed.data, ip: clientAddress(request.headers) });
          if (result.ok) return { id: String(result.user.id), email: result.user.email, name: result.user.name };
          if (result.reason === "throttled") throw new SignInThrottled(result.retryAfterMs);
          return null;
        },
      }),
    ],
    callbacks: {
      // The token carries only the account id; the role is re-read from the database on every check.
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
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
