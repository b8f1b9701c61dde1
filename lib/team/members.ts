// Role changes and removals. The last-owner rule is checked inside the same transaction as the write,
// under the accounts lock, so two owners demoting each other at once cannot leave Pushboard without one.
import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { UserRole } from "@/lib/db/schema/enums";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { holdWriteLock } from "@/lib/db/write-lock";
import { LAST_OWNER_MESSAGE, TeamError } from "./errors";

async function otherOwners(tx: Db, userId: number): Promise<number> {
  const { users } = tx.tables;
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "owner"), ne(users.id, userId)));
  return row?.n ?? 0;
}

async function requireMember(tx: Db, userId: number) {
  const { users } = tx.tables;
  const [row] = await tx
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new TeamError("not_found", "This person is no longer on the team.");
  return row;
}

export async function changeMemberRole(
  db: Db,
  userId: number,
  role: UserRole,
  actor: AuditActor,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { users } = tx.tables;
    const member = await requireMember(tx, userId);
    if (member.role === role) return;
    if (member.role === "owner" && (await otherOwners(tx, userId)) === 0)
      throw new TeamError("last_owner", LAST_OWNER_MESSAGE);
    await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, userId));
    await recordAudit(tx, {
      actor,
      action: "team.role_change",
      targetType: "user",
      targetId: userId,
      details: { email: member.email, from: member.role, to: role },
      now,
    });
  });
}

/** Removes an account; their sessions stop working at once because every check re-reads the account. */
export async function removeMember(db: Db, userId: number, actor: AuditActor, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { users } = tx.tables;
    const member = await requireMember(tx, userId);
    if (member.role === "owner" && (await otherOwners(tx, userId)) === 0)
      throw new TeamError("last_owner", LAST_OWNER_MESSAGE);
    await tx.delete(users).where(eq(users.id, userId));
    await recordAudit(tx, {
      actor,
      action: "team.remove",
      targetType: "user",
      targetId: userId,
      details: { email: member.email, role: member.role },
      now,
    });
  });
}
