// Invitations: a single-use link (./link-token.ts) the owner copies; the token itself is shown once.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { invitations } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { createUser } from "@/lib/users/mutations";
import { toUserDto, type UserDto } from "@/lib/users/dto";
import { holdWriteLock } from "@/lib/db/write-lock";
import { INVITATION_TTL_MS, type InviteInput } from "./schema";
import { TeamError } from "./errors";
import { hashLinkToken, isLinkTokenShape, newLinkToken } from "./link-token";

export const hashInvitationToken = hashLinkToken;

export type InvitationDto = { id: number; email: string; role: UserRole; expiresAt: number; createdAt: number };

const INVALID = "This invitation link is not valid any more. Ask the owner for a new one.";

function toInvitationDto(row: typeof invitations.$inferSelect): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expiresAt.getTime(),
    createdAt: row.createdAt.getTime(),
  };
}

async function hasAccount(tx: Db, email: string): Promise<boolean> {
  const { users } = tx.tables;
  const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  return row !== undefined;
}

/** Creates an invitation and returns its token (once). An earlier pending invitation for the address is revoked. */
export async function createInvitation(
  db: Db,
  input: InviteInput,
  actor: AuditActor,
  now = new Date(),
): Promise<{ token: string; invitation: InvitationDto }> {
  const token = newLinkToken();
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { invitations } = tx.tables;
    if (await hasAccount(tx, input.email)) {
      throw new TeamError("already_member", `${input.email} already has an account.`);
    }
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    const [row] = await tx
      .insert(invitations)
      .values({
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedBy: actor?.id ?? null,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: "team.invite",
      targetType: "invitation",
      targetId: row!.id,
      details: { email: row!.email, role: row!.role },
      now,
    });
    return { token, invitation: toInvitationDto(row!) };
  });
}

/** Newest first; the id breaks ties between invitations made in the same millisecond. */
export async function listPendingInvitations(db: Db, now = new Date()): Promise<InvitationDto[]> {
  const { invitations } = db.tables;
  const rows = await db
    .select()
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
  return rows.map(toInvitationDto);
}

export async function revokeInvitation(db: Db, id: number, actor: AuditActor, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { invitations } = tx.tables;
    const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).limit(1);
    if (!row || row.acceptedAt || row.revokedAt)
      throw new TeamError("not_found", "This invitation is no longer pending.");
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
    await recordAudit(tx, {
      actor,
      action: "team.invite_revoke",
      targetType: "invitation",
      targetId: id,
      details: { email: row.email },
      now,
    });
  });
}

/** The pending invitation a link names, or null when it is unknown, used, revoked or expired. */
export async function findUsableInvitation(db: Db, token: string, now = new Date()): Promise<InvitationDto | null> {
  if (!isLinkTokenShape(token)) return null;
  const { invitations } = db.tables;
  const [row] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .limit(1);
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  return toInvitationDto(row);
}

/**
 * Turns an invitation into an account. The check, the account and the "used" mark share one
 * transaction under the accounts lock, so a link opened twice at once makes one account. The caller
 * hashes the password before: a transaction must not wait on scrypt.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; passwordHash: string; ip?: string | null },
  now = new Date(),
): Promise<UserDto> {
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { invitations, users } = tx.tables;
    const invitation = await findUsableInvitation(tx, input.token, now);
    if (!invitation) throw new TeamError("invitation_invalid", INVALID);
    if (await hasAccount(tx, invitation.email))
      throw new TeamError("already_member", `${invitation.email} already has an account. Sign in instead.`);
    const user = await createUser(tx, {
      email: invitation.email,
      name: input.name,
      role: invitation.role,
      passwordHash: input.passwordHash,
      now,
    });
    await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "team.invite_accept",
      targetType: "user",
      targetId: user.id,
      details: { role: user.role },
      ip: input.ip,
      now,
    });
    const [row] = await tx.select().from(users).where(eq(users.id, user.id)).limit(1);
    return toUserDto(row!);
  });
}
