import type { SessionClaims } from "@/lib/auth/session-claims";

/** The claims of a session that just signed in as `userId` (null: nobody), for tests that replace the session reader. */
export function claimsFor(userId: number | null, overrides: Partial<SessionClaims> = {}): SessionClaims | null {
  if (userId === null) return null;
  return { userId, sid: "test-session-id-0000000", version: 0, signedInAt: Date.now(), ...overrides };
}
