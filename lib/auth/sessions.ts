// Ending sessions. Tokens are stateless, so a session is ended by remembering what no longer counts:
// one revoked session id ("Sign out"), or a newer session version for the account ("Sign out
// everywhere", a password change or reset).
import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { revokedSessions, users } from "@/lib/db/schema";
import { sessionEndsAt, type SessionClaims } from "./session-claims";

/** Revokes one session until its token could no longer be accepted anyway; prunes rows past that point. */
export function revokeSession(db: Db, claims: SessionClaims, now = new Date()): void {
  db.transaction((tx) => {
    tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now)).run();
    tx.insert(revokedSessions)
      .values({ sid: claims.sid, userId: claims.userId, expiresAt: sessionEndsAt(claims) })
      .onConflictDoNothing()
      .run();
  });
}

export function isSessionRevoked(db: Db, sid: string): boolean {
  return (
    db.select({ sid: revokedSessions.sid }).from(revokedSessions).where(eq(revokedSessions.sid, sid)).get() !==
    undefined
  );
}

/** Ends every session of the account: their tokens carry the old version. Returns the new version. */
export function bumpSessionVersion(db: Db, userId: number, now = new Date()): number {
  const row = db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(eq(users.id, userId))
    .returning({ version: users.sessionVersion })
    .get();
  return row?.version ?? 0;
}
