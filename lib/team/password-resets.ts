// An owner resets a teammate's password with a single-use link (the invitation scheme: ./link-token.ts).
// Using it sets the new password and ends every session of that account, so whoever else held one
// (a lost laptop, a leaked cookie) is out.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { holdWriteLock } from "@/lib/db/write-lock";
import { TeamError } from "./errors";
import { hashLinkToken, isLinkTokenShape, newLinkToken } from "./link-token";
import { PASSWORD_RESET_TTL_MS } from "./schema";

export const RESET_INVALID = "This password-reset link is not valid any more. Ask an owner for a new one.";

export type PasswordResetDto = { id: number; userId: number; email: string; expiresAt: number };

/** Makes a reset link for a teammate and returns its token (once); their earlier pending links stop working. */
export async function createPasswordReset(
  db: Db,
  userId: number,
  actor: NonNullable<AuditActor>,
  now = new Date(),
): Promise<{ token: string; reset: PasswordResetDto }> {
  if (userId === actor.id) throw new TeamError("self", "Change your own password on your account page.");
  const token = newLinkToken();
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { passwordResets, users } = tx.tables;
    const [member] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!member) throw new TeamError("not_found", "This person is no longer on the team.");
    await tx
      .update(passwordResets)
      .set({ revokedAt: now })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)));
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
    const [row] = await tx
      .insert(passwordResets)
      .values({ userId, tokenHash: hashLinkToken(token), createdBy: actor.id, expiresAt, createdAt: now })
      .returning();
    await recordAudit(tx, {
      actor,
      action: "team.password_reset_link",
      targetType: "user",
      targetId: userId,
      details: { email: member.email },
      now,
    });
    return { token, reset: { id: row!.id, userId, email: member.email, expiresAt: expiresAt.getTime() } };
  });
}

/** The pending reset a link names, or null when it is unknown, used, revoked or expired. */
export async function findUsablePasswordReset(
  db: Db,
  token: string,
  now = new Date(),
): Promise<PasswordResetDto | null> {
  if (!isLinkTokenShape(token)) return null;
  const { passwordResets, users } = db.tables;
  const [row] = await db
    .select({
      id: passwordResets.id,
      userId: passwordResets.userId,
      email: users.email,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      revokedAt: passwordResets.revokedAt,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)))
    .limit(1);
  if (!row || row.usedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  return { id: row.id, userId: row.userId, email: row.email, expiresAt: row.expiresAt.getTime() };
}

/**
 * Sets the new password from a reset link. The check, the password, the session version and the "used"
 * mark share one transaction under the accounts lock, so a link opened twice at once is used once. The
 * caller hashes the password before: a transaction must not wait on scrypt.
 */
export async function redeemPasswordReset(
  db: Db,
  input: { token: string; passwordHash: string; ip?: string | null },
  now = new Date(),
): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { passwordResets, users } = tx.tables;
    const reset = await findUsablePasswordReset(tx, input.token, now);
    if (!reset) throw new TeamError("invitation_invalid", RESET_INVALID);
    await tx
      .update(users)
      .set({ passwordHash: input.passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
      .where(eq(users.id, reset.userId));
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, reset.id));
    await recordAudit(tx, {
      actor: { id: reset.userId, email: reset.email },
      action: "user.password_reset",
      targetType: "user",
      targetId: reset.userId,
      ip: input.ip,
      now,
    });
    return { email: reset.email };
  });
}
