import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
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
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";

async function setup(db: Db) {
  const owner = await seedAccount(db, { role: "owner", email: "owner@example.com" });
  return { db, owner, actor: { id: owner.id, email: owner.email } };
}
const now = new Date("2026-04-01T10:00:00Z");
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

async function auditActions(db: Db): Promise<string[]> {
  const { auditLog } = db.tables;
  const rows = await db.select({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.id));
  return rows.map((row) => row.action);
}

async function findUser(db: Db, id: number) {
  const { users } = db.tables;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

describe("invitation input", () => {
  it("refuses malformed tokens and mismatched passwords", () => {
    const password = "long enough pw";
    expect(
      acceptInvitationSchema.safeParse({ token: "short", name: "A", password, confirmPassword: password }).success,
    ).toBe(false);
    expect(
      acceptInvitationSchema.safeParse({ token: "A".repeat(43), name: "A", password, confirmPassword: "different" })
        .success,
    ).toBe(false);
  });
});

describe.each(ENGINES)("invitations on %s", (engine) => {
  const test = useTestDb(engine);

  it("stores only the token's hash, expires after 7 days and works once", async () => {
    const { db, actor } = await setup(test.db);
    const { invitations, users } = db.tables;
    const { token, invitation } = await createInvitation(
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
    const [stored] = await db.select().from(invitations);
    expect(stored!.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(await db.select().from(invitations))).not.toContain(token);
    expect(await findUsableInvitation(db, token, later(7))).toBeNull();
    expect(await findUsableInvitation(db, token, later(6))).toMatchObject({ email: "new.person@example.com" });

    const user = await acceptInvitation(db, { token, name: "New Person", passwordHash: "scrypt$x" }, later(1));
    expect(user).toMatchObject({ email: "new.person@example.com", role: "editor", name: "New Person" });
    expect(JSON.stringify(user)).not.toContain("scrypt$x");
    await expect(acceptInvitation(db, { token, name: "Again", passwordHash: "scrypt$y" }, later(1))).rejects.toThrow(
      TeamError,
    );
    expect(await db.select().from(users)).toHaveLength(2);
    expect(await auditActions(db)).toEqual(["team.invite", "team.invite_accept"]);
  });

  it("opened twice at once, makes one account", async () => {
    const { db, actor } = await setup(test.db);
    const { token } = await createInvitation(db, { email: "twice@example.com", role: "viewer" }, actor, now);
    const results = await Promise.allSettled(
      ["First", "Second"].map((name) => acceptInvitation(db, { token, name, passwordHash: "scrypt$x" }, later(1))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(TeamError);
    expect(await db.select().from(db.tables.users)).toHaveLength(2);
  });

  it("refuses expired, revoked, unknown and malformed tokens", async () => {
    const { db, actor } = await setup(test.db);
    const first = await createInvitation(db, { email: "a@example.com", role: "viewer" }, actor, now);
    await expect(acceptInvitation(db, { token: first.token, name: "A", passwordHash: "h" }, later(8))).rejects.toThrow(
      /not valid any more/,
    );
    // a new invitation for the same address revokes the earlier link
    const second = await createInvitation(db, { email: "a@example.com", role: "editor" }, actor, now);
    expect(await findUsableInvitation(db, first.token, now)).toBeNull();
    await revokeInvitation(db, second.invitation.id, actor, now);
    expect(await findUsableInvitation(db, second.token, now)).toBeNull();
    expect(await listPendingInvitations(db, now)).toEqual([]);
    for (const token of ["", "x", "../../etc/passwd", "a".repeat(43) + "'", "A".repeat(43)])
      expect(await findUsableInvitation(db, token, now)).toBeNull();
    expect(
      acceptInvitationSchema.safeParse({
        token: first.token,
        name: "A",
        password: "long enough pw",
        confirmPassword: "different",
      }).success,
    ).toBe(false);
  });

  it("lists pending invitations newest first", async () => {
    const { db, actor } = await setup(test.db);
    await createInvitation(db, { email: "old@example.com", role: "viewer" }, actor, now);
    await createInvitation(db, { email: "same-a@example.com", role: "viewer" }, actor, later(1));
    await createInvitation(db, { email: "same-b@example.com", role: "editor" }, actor, later(1));
    expect((await listPendingInvitations(db, later(2))).map((i) => i.email)).toEqual([
      "same-b@example.com",
      "same-a@example.com",
      "old@example.com",
    ]);
  });

  it("refuses to invite someone who already has an account", async () => {
    const { db, actor } = await setup(test.db);
    await expect(createInvitation(db, { email: "owner@example.com", role: "viewer" }, actor, now)).rejects.toThrow(
      /already has an account/,
    );
    expect(await db.select().from(db.tables.invitations)).toEqual([]);
  });
});

describe.each(ENGINES)("members on %s", (engine) => {
  const test = useTestDb(engine);

  it("changes roles and removes people, audited", async () => {
    const { db, actor } = await setup(test.db);
    const editor = await seedAccount(db, { role: "editor" });
    await changeMemberRole(db, editor.id, "viewer", actor);
    expect((await findUser(db, editor.id))!.role).toBe("viewer");
    await removeMember(db, editor.id, actor);
    expect(await findUser(db, editor.id)).toBeUndefined();
    expect(await auditActions(db)).toEqual(["team.role_change", "team.remove"]);
  });

  it("never removes or demotes the last owner", async () => {
    const { db, owner, actor } = await setup(test.db);
    const { users } = db.tables;
    await expect(changeMemberRole(db, owner.id, "editor", actor)).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(db, owner.id, actor)).rejects.toMatchObject({ code: "last_owner" });
    const second = await seedAccount(db, { role: "owner" });
    await changeMemberRole(db, owner.id, "editor", actor);
    await expect(removeMember(db, second.id, actor)).rejects.toMatchObject({ code: "last_owner" });
    const owners = await db.select({ id: users.id }).from(users).where(eq(users.role, "owner"));
    expect(owners.map((row) => row.id)).toEqual([second.id]);
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const { db, owner, actor } = await setup(test.db);
    const { users } = db.tables;
    const second = await seedAccount(db, { role: "owner" });
    const results = await Promise.allSettled([
      changeMemberRole(db, second.id, "editor", actor),
      changeMemberRole(db, owner.id, "editor", { id: second.id, email: second.email }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.select({ id: users.id }).from(users).where(eq(users.role, "owner"))).toHaveLength(1);
  });

  it("refuses unknown people", async () => {
    const { db, actor } = await setup(test.db);
    await expect(removeMember(db, 999, actor)).rejects.toMatchObject({ code: "not_found" });
  });
});
