// Owner-made password-reset links, against the real database: hashed, expiring, single use, and using
// one ends every session of the teammate.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { addUser } from "@/test/support/users";
import { claimsFor } from "@/test/support/session";
import { checkAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { listAudit } from "@/lib/audit/record";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { passwordResets, users } from "@/lib/db/schema";
import { hashLinkToken } from "@/lib/team/link-token";
import { createPasswordReset, findUsablePasswordReset, redeemPasswordReset } from "@/lib/team/password-resets";
import { PASSWORD_RESET_TTL_MS } from "@/lib/team/schema";

const T0 = new Date("2030-01-01T00:00:00Z");
const NEW = "chosen after the reset";

async function setting() {
  const db = createTestDb();
  const owner = await addUser(db, "owner");
  const mate = await addUser(db, "editor");
  return { db, owner, mate, actor: { id: owner.id, email: owner.email } };
}

describe("password-reset links", () => {
  it("store only the token's hash and are audited", async () => {
    const { db, mate, actor } = await setting();
    const { token } = createPasswordReset(db, mate.id, actor, T0);
    const row = db.select().from(passwordResets).get()!;
    expect(row.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await listAudit(sqliteAppDb(db), { action: "team.password_reset_link" }))[0]).toMatchObject({
      actorId: actor.id,
      targetId: String(mate.id),
    });
  });

  it("set the new password, end every session of the teammate, and work once", async () => {
    const { db, mate, actor } = await setting();
    const session = claimsFor(mate.id, { signedInAt: T0.getTime() });
    const { token } = createPasswordReset(db, mate.id, actor, T0);
    const passwordHash = await hashPassword(NEW, { N: 1024, r: 8, p: 1 });
    expect(redeemPasswordReset(db, { token, passwordHash, ip: "198.51.100.2" }, T0)).toEqual({ email: mate.email });
    expect(checkAccess(db, session, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect((await authenticate(db, { email: mate.email, password: NEW, ip: null, now: T0 })).ok).toBe(true);
    expect((await listAudit(sqliteAppDb(db), { action: "user.password_reset" }))[0]).toMatchObject({
      actorId: mate.id,
      ip: "198.51.100.2",
    });
    // the second use is refused and changes nothing
    expect(findUsablePasswordReset(db, token, T0)).toBeNull();
    expect(() => redeemPasswordReset(db, { token, passwordHash: "scrypt$x" }, T0)).toThrow(/not valid any more/);
    expect(db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, mate.id)).get()?.v).toBe(1);
  });

  it("expire after 24 hours, and a newer link replaces an older one", async () => {
    const { db, mate, actor } = await setting();
    const first = createPasswordReset(db, mate.id, actor, T0).token;
    expect(findUsablePasswordReset(db, first, new Date(T0.getTime() + PASSWORD_RESET_TTL_MS - 1))).not.toBeNull();
    expect(findUsablePasswordReset(db, first, new Date(T0.getTime() + PASSWORD_RESET_TTL_MS))).toBeNull();
    const second = createPasswordReset(db, mate.id, actor, T0).token;
    expect(findUsablePasswordReset(db, first, T0)).toBeNull();
    expect(findUsablePasswordReset(db, second, T0)).toMatchObject({ userId: mate.id, email: mate.email });
  });

  it("are not for one's own account, nor for someone no longer on the team", async () => {
    const { db, owner, actor } = await setting();
    expect(() => createPasswordReset(db, owner.id, actor, T0)).toThrow(/your own password/);
    expect(() => createPasswordReset(db, 99_999, actor, T0)).toThrow(/no longer on the team/);
  });

  it("refuse forged and malformed tokens", async () => {
    const { db } = await setting();
    for (const token of ["A".repeat(43), "../../etc/passwd", ""])
      expect(findUsablePasswordReset(db, token, T0)).toBeNull();
  });
});
