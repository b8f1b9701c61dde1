// Changing one's own password. Knowing the current password is required (a borrowed session must not
// be enough to take the account over), guessing it is throttled like sign-in, and the change ends every
// session of the account: the caller re-issues the current browser's session afterwards.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword, type ScryptCost } from "@/lib/auth/password";
import { clearFailures, formatRetryAfter, reserveAttempt } from "@/lib/auth/throttle";
import { DomainError } from "@/lib/errors/domain-error";

export const WRONG_CURRENT_PASSWORD = "That is not your current password.";

export type ChangePasswordRequest = {
  userId: number;
  currentPassword: string;
  newPassword: string;
  ip?: string | null;
  now?: Date;
  /** tests pass cheap scrypt parameters */
  cost?: ScryptCost;
};

const changeKey = (userId: number) => `password-change:${userId}`;

/** Sets the new password and ends every session; returns the account's email for signing back in. */
export async function changePassword(db: Db, request: ChangePasswordRequest): Promise<{ email: string }> {
  const now = request.now ?? new Date();
  const wait = await reserveAttempt(db, [changeKey(request.userId)], now);
  if (wait > 0)
    throw new DomainError("rate_limited", formatRetryAfter(wait), { retryAfterSeconds: Math.ceil(wait / 1000) });
  const { users } = db.tables;
  const [row] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, request.userId))
    .limit(1);
  if (!row) throw new DomainError("unauthenticated", "Sign in to continue.");
  if (!(await verifyPassword(request.currentPassword, row.passwordHash))) {
    throw new DomainError("invalid_input", WRONG_CURRENT_PASSWORD, {
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
    });
  }
  // scrypt before the transaction: it must not hold the database while hashing
  const passwordHash = await hashPassword(request.newPassword, request.cost);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
      .where(eq(users.id, request.userId));
    await recordAudit(tx, {
      actor: { id: request.userId, email: row.email },
      action: "user.password_change",
      targetType: "user",
      targetId: request.userId,
      ip: request.ip,
      now,
    });
  });
  await clearFailures(db, changeKey(request.userId));
  return { email: row.email };
}
