// Invitations: a single-use link (./link-token.ts) the owner copies; the token itself is shown once.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { invitations, users } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";
import { recordAuditSync, type AuditActor } from "@/lib/audit/record";
import { createUser } from "@/lib/users/mutations";
import { toUserDto, type UserDto } from "@/lib/users/dto";
import { INVITATION_TTL_MS, type InviteInput } from "./schema";
import { TeamError } from "./errors";
import { hashLinkToken, isLinkTokenShape, newLinkToken } from "./link-token";

export const hashInvitationToken = hashLinkToken;

export type InvitationDto = { id: number; email: string; role: UserRole; expiresAt: number; createdAt: number };

const INVALID = "This invitation link is not valid any more. Ask the owner for a new one.";

/** Creates an invitation and returns its token (once). An earlier pending invitation for the address is revoked. */
export function createInvitation(
  db: Db,
  input: InviteInput,
  actor: AuditActor,
  now = new Date(),
): { token: string; invitation: InvitationDto } {
  const token = newLinkToken();
  return db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      if (t.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
        throw new TeamError("already_member", `${input.email} already has an account.`);
      }
      t.update(invitations)
        .set({ revokedAt: now })
        .where(and(eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .run();
      const row = t
        .insert(invitations)
        .values({
          email: input.email,
          role: input.role,
          tokenHash: hashInvitationToken(token),
          invitedBy: actor?.id ?? null,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          createdAt: now,
        })
        .returning()
        .get();
      recordAuditSync(t, {
        actor,
        action: "team.invite",
        targetType: "invitation",
        targetId: row.id,
        details: { email: row.email, role: row.role },
        now,
      });
      return {
        token,
        invitation: {
          id: row.id,
          email: row.email,
          role: row.role,
          expiresAt: row.expiresAt.getTime(),
          createdAt: row.createdAt.getTime(),
        },
      };
    },
    { behavior: "immediate" },
  );
}

export function listPendingInvitations(db: Db, now = new Date()): InvitationDto[] {
  return db
    .select()
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
    .all()
    .map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      expiresAt: row.expiresAt.getTime(),
      createdAt: row.createdAt.getTime(),
    }));
}

export function revokeInvitation(db: Db, id: number, actor: AuditActor, now = new Date()): void {
  db.transaction((tx) => {
    const t = tx as unknown as Db;
    const row = t.select().from(invitations).where(eq(invitations.id, id)).get();
    if (!row || row.acceptedAt || row.revokedAt)
      throw new TeamError("not_found", "This invitation is no longer pending.");
    t.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id)).run();
    recordAuditSync(t, {
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
export function findUsableInvitation(db: Db, token: string, now = new Date()): InvitationDto | null {
  if (!isLinkTokenShape(token)) return null;
  const row = db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .get();
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expiresAt.getTime(),
    createdAt: row.createdAt.getTime(),
  };
}

/**
 * Turns an invitation into an account. The check, the account and the "used" mark share one IMMEDIATE
 * transaction, so a link opened twice at once makes one account.
 */
export function acceptInvitation(
  db: Db,
  input: { token: string; name: string; passwordHash: string; ip?: string | null },
  now = new Date(),
): UserDto {
  return db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const invitation = findUsableInvitation(t, input.token, now);
      if (!invitation) throw new TeamError("invitation_invalid", INVALID);
      if (t.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get())
        throw new TeamError("already_member", `${invitation.email} already has an account. Sign in instead.`);
      const user = createUser(t, {
        email: invitation.email,
        name: input.name,
        role: invitation.role,
        passwordHash: input.passwordHash,
        now,
      });
      t.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id)).run();
      recordAuditSync(t, {
        actor: { id: user.id, email: user.email },
        action: "team.invite_accept",
        targetType: "user",
        targetId: user.id,
        details: { role: user.role },
        ip: input.ip,
        now,
      });
      return toUserDto(t.select().from(users).where(eq(users.id, user.id)).get()!);
    },
    { behavior: "immediate" },
  );
}
