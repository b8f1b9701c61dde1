// What a session token says about its session, and the rule that decides whether it still stands.
// Framework-free: checkAccess (./access.ts) applies it wherever the user is re-read.
import { z } from "zod";

/** Sessions last 8 hours from sign-in, however often the cookie is refreshed. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
export const SESSION_MAX_AGE_MS = SESSION_MAX_AGE_SECONDS * 1000;

export type SessionClaims = {
  userId: number;
  /** random per sign-in: "Sign out" revokes exactly this session */
  sid: string;
  /** users.session_version at sign-in: bumping it ends every session of the account */
  version: number;
  /** when the password was checked (ms); Auth.js rolls `exp` forward, this never moves */
  signedInAt: number;
};

export const sessionClaimsSchema = z.object({
  userId: z.number().int().positive(),
  sid: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  version: z.number().int().min(0),
  signedInAt: z.number().int().positive(),
});

/** Claims read from an untrusted shape (the decoded session); null for tokens made before sessions had ids. */
export function parseSessionClaims(value: unknown): SessionClaims | null {
  const parsed = sessionClaimsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The moment a session stops being accepted, whatever its cookie says. */
export function sessionEndsAt(claims: Pick<SessionClaims, "signedInAt">): Date {
  return new Date(claims.signedInAt + SESSION_MAX_AGE_MS);
}
