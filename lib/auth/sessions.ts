// Ending sessions. Tokens are stateless, so a session is ended by remembering what no longer counts:
// one revoked session id ("Sign out"), or a newer session version for the account ("Sign out
// everywhere", a password change or reset).
import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { sessionEndsAt, type SessionClaims } from "./session-claims";

/** Revokes one session until its token could no longer be accepted anyway; prunes rows past that point. */
export async function revokeSession(db: Db, claims: SessionClaims, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { revokedSessions } = tx.tables;
    await tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
    await tx
      .insert(revokedSessions)
      .values({ sid: claims.sid, userId: claims.userId, expiresAt: sessionEndsAt(claims) })
      .onConflictDoNothing();
  });
}

export async function isSessionRevoked(db: Db, sid: string): Promise<boolean> {
  const { revokedSessions } = db.tables;
  const [row] = await db
    .select({ sid: revokedSessions.sid })
    .from(revokedSessions)
    .where(eq(revokedSessions.sid, sid))
    .limit(1);
  return row !== undefined;
}

/** Ends every session of the account: their tokens carry the old version. Returns the new version. */
export async function bumpSessionVersion(db: Db, userId: number, now = new Date()): Promise<number> {
  const { users } = db.tables;
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(eq(users.id, userId))
    .returning({ version: users.sessionVersion });
  return row?.version ?? 0;
}
