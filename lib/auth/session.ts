// The session reader: the only place that asks Auth.js who is signed in. Everything else goes
// through requireUser, which checks these claims against the database (./access.ts).
import { auth } from "./auth";
import { parseSessionClaims, type SessionClaims } from "./session-claims";

export async function getSessionClaims(): Promise<SessionClaims | null> {
  const session = await auth();
  return parseSessionClaims((session as { claims?: unknown } | null)?.claims);
}
