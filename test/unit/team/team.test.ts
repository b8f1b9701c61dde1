import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { auditLog, invitations, users } from "@/lib/db/schema";
import {
  acceptInvitation,
  createInvitation,
  findUsableInvitation,
  hashInvitationToken,
  listPendingInvitations,
  revokeInvitation,
} from "@/lib/team/invitations";
import { changeMemberRole, removeMember } from "@/lib/team/members";
import { TeamError } from "@/lib/team/errors";
import { acceptInvitationSchema, inviteSchema } from "@/lib/team/schema";
import { addUser } from "@/test/support/users";

async function setup() {
  const db = createTestDb();
  const owner = await addUser(db, "owner", "owner@example.com");
  return { db, owner, actor: { id: owner.id, email: owner.email } };
}
const now = new Date("2026-04-01T10:00:00Z");
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe("invitations", () => {
  it("stores only the token's hash, expires after 7 days and works once", async () => {
    const { db, actor } = await setup();
    const { token, invitation } = createInvitation(
      db,
      inviteSchema.parse({ email: " New.Person@Example.com ", role: "editor" }),
      actor,
      now,
    );
    expect(invitation).toMatchObject({
      email: "new.person@example.com",
      role: "editor",
      expiresAt: later(7).getTime(),
    });
    const stored = db.select().from(invitations).get()!;
    expect(stored.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(db.select().from(invitations).all())).not.toContain(token);
    expect(findUsableInvitation(db, token, later(7))).toBeNull();
    expect(findUsableInvitation(db, token, later(6))).toMatchObject({ email: "new.person@example.com" });

    const user = acceptInvitation(db, { token, name: "New Person", passwordHash: "scrypt$x" }, later(1));
    expect(user).toMatchObject({ email: "new.person@example.com", role: "editor", name: "New Person" });
    expect(JSON.stringify(user)).not.toContain("scrypt$x");
    expect(() => acceptInvitation(db, { token, name: "Again", passwordHash: "scrypt$y" }, later(1))).toThrow(TeamError);
    expect(db.select().from(users).all()).toHaveLength(2);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(["team.invite", "team.invite_accept"]);
  });

  it("refuses expired, revoked, unknown and malformed tokens", async () => {
    const { db, actor } = await setup();
    const first = createInvitation(db, { email: "a@example.com", role: "viewer" }, actor, now);
    expect(() => acceptInvitation(db, { token: first.token, name: "A", passwordHash: "h" }, later(8))).toThrow(
      /not valid any more/,
    );
    // a new invitation for the same address revokes the earlier link
    const second = createInvitation(db, { email: "a@example.com", role: "editor" }, actor, now);
    expect(findUsableInvitation(db, first.token, now)).toBeNull();
    revokeInvitation(db, second.invitation.id, actor, now);
    expect(findUsableInvitation(db, second.token, now)).toBeNull();
    expect(listPendingInvitations(db, now)).toEqual([]);
    for (const token of ["", "x", "../../etc/passwd", "a".repeat(43) + "'", "A".repeat(43)])
      expect(findUsableInvitation(db, token, now)).toBeNull();
    expect(
      acceptInvitationSchema.safeParse({
        token: "short",
        name: "A",
        password: "long enough pw",
        confirmPassword: "long enough pw",
      }).success,
    ).toBe(false);
    expect(
      acceptInvitationSchema.safeParse({
        token: first.token,
        name: "A",
        password: "long enough pw",
        confirmPassword: "different",
      }).success,
    ).toBe(false);
  });

  it("refuses to invite someone who already has an account", async () => {
    const { db, actor } = await setup();
    expect(() => createInvitation(db, { email: "owner@example.com", role: "viewer" }, actor, now)).toThrow(
      /already has an account/,
    );
    expect(db.select().from(invitations).all()).toEqual([]);
  });
});

describe("members", () => {
  it("changes roles and removes people, audited", async () => {
    const { db, actor } = await setup();
    const editor = await addUser(db, "editor");
    changeMemberRole(db, editor.id, "viewer", actor);
    expect(db.select().from(users).where(eq(users.id, editor.id)).get()!.role).toBe("viewer");
    removeMember(db, editor.id, actor);
    expect(db.select().from(users).where(eq(users.id, editor.id)).get()).toBeUndefined();
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(["team.role_change", "team.remove"]);
  });

  it("never removes or demotes the last owner", async () => {
    const { db, owner, actor } = await setup();
    expect(() => changeMemberRole(db, owner.id, "editor", actor)).toThrow(
      expect.objectContaining({ code: "last_owner" }),
    );
    expect(() => removeMember(db, owner.id, actor)).toThrow(expect.objectContaining({ code: "last_owner" }));
    const second = await addUser(db, "owner");
    changeMemberRole(db, owner.id, "editor", actor);
    expect(() => removeMember(db, second.id, actor)).toThrow(expect.objectContaining({ code: "last_owner" }));
    expect(
      db
        .select()
        .from(users)
        .where(eq(users.role, "owner"))
        .all()
        .map((row) => row.id),
    ).toEqual([second.id]);
  });

  it("refuses unknown people", async () => {
    const { db, actor } = await setup();
    expect(() => removeMember(db, 999, actor)).toThrow(expect.objectContaining({ code: "not_found" }));
  });
});
