// Role changes and removals. The last-owner rule is checked inside the same IMMEDIATE transaction as
// the write, so two owners demoting each other at once cannot leave Pushboard without one.
import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";
import { recordAuditSync, type AuditActor } from "@/lib/audit/record";
import { LAST_OWNER_MESSAGE, TeamError } from "./errors";

function otherOwners(db: Db, userId: number): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "owner"), ne(users.id, userId)))
      .get()?.n ?? 0
  );
}

function requireMember(db: Db, userId: number) {
  const row = db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new TeamError("not_found", "This person is no longer on the team.");
  return row;
}

export function changeMemberRole(db: Db, userId: number, role: UserRole, actor: AuditActor, now = new Date()): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const member = requireMember(t, userId);
      if (member.role === role) return;
      if (member.role === "owner" && otherOwners(t, userId) === 0)
        throw new TeamError("last_owner", LAST_OWNER_MESSAGE);
      t.update(users).set({ role, updatedAt: now }).where(eq(users.id, userId)).run();
      recordAuditSync(t, {
        actor,
        action: "team.role_change",
        targetType: "user",
        targetId: userId,
        details: { email: member.email, from: member.role, to: role },
        now,
      });
    },
    { behavior: "immediate" },
  );
}

/** Removes an account; their sessions stop working at once because every check re-reads the account. */
export function removeMember(db: Db, userId: number, actor: AuditActor, now = new Date()): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const member = requireMember(t, userId);
      if (member.role === "owner" && otherOwners(t, userId) === 0)
        throw new TeamError("last_owner", LAST_OWNER_MESSAGE);
      t.delete(users).where(eq(users.id, userId)).run();
      recordAuditSync(t, {
        actor,
        action: "team.remove",
        targetType: "user",
        targetId: userId,
        details: { email: member.email, role: member.role },
        now,
      });
    },
    { behavior: "immediate" },
  );
}
