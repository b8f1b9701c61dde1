// Owner-made password-reset links, against the real database: hashed, expiring, single use, and using
// one ends every session of the teammate.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";
import { claimsFor } from "@/test/support/session";
import { checkAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { listAudit } from "@/lib/audit/record";
import { hashLinkToken } from "@/lib/team/link-token";
import { createPasswordReset, findUsablePasswordReset, redeemPasswordReset } from "@/lib/team/password-resets";
import { PASSWORD_RESET_TTL_MS } from "@/lib/team/schema";

const T0 = new Date("2030-01-01T00:00:00Z");
const NEW = "chosen after the reset";

async function setting(db: Db) {
  const owner = await seedAccount(db, { role: "owner" });
  const mate = await seedAccount(db, { role: "editor" });
  return { db, owner, mate, actor: { id: owner.id, email: owner.email } };
}

describe.each(ENGINES)("password-reset links on %s", (engine) => {
  const test = useTestDb(engine);

  it("store only the token's hash and are audited", async () => {
    const { db, mate, actor } = await setting(test.db);
    const { token } = await createPasswordReset(db, mate.id, actor, T0);
    const [row] = await db.select().from(db.tables.passwordResets);
    expect(row!.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await listAudit(db, { action: "team.password_reset_link" }))[0]).toMatchObject({
      actorId: actor.id,
      targetId: String(mate.id),
    });
  });

  it("set the new password, end every session of the teammate, and work once", async () => {
    const { db, mate, actor } = await setting(test.db);
    const session = claimsFor(mate.id, { signedInAt: T0.getTime() });
    const { token } = await createPasswordReset(db, mate.id, actor, T0);
    const passwordHash = await hashPassword(NEW, { N: 1024, r: 8, p: 1 });
    expect(await redeemPasswordReset(db, { token, passwordHash, ip: "198.51.100.2" }, T0)).toEqual({
      email: mate.email,
    });
    expect(await checkAccess(db, session, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect((await authenticate(db, { email: mate.email, password: NEW, ip: null, now: T0 })).ok).toBe(true);
    expect((await listAudit(db, { action: "user.password_reset" }))[0]).toMatchObject({
      actorId: mate.id,
      ip: "198.51.100.2",
    });
    // the second use is refused and changes nothing
    expect(await findUsablePasswordReset(db, token, T0)).toBeNull();
    await expect(redeemPasswordReset(db, { token, passwordHash: "scrypt$x" }, T0)).rejects.toThrow(
      /not valid any more/,
    );
    const { users } = db.tables;
    const [after] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, mate.id));
    expect(after?.v).toBe(1);
  });

  it("used twice at once, work once", async () => {
    const { db, mate, actor } = await setting(test.db);
    const { token } = await createPasswordReset(db, mate.id, actor, T0);
    const results = await Promise.allSettled(
      ["scrypt$first", "scrypt$second"].map((passwordHash) => redeemPasswordReset(db, { token, passwordHash }, T0)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const { users } = db.tables;
    const [after] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, mate.id));
    expect(after?.v).toBe(1);
  });

  it("expire after 24 hours, and a newer link replaces an older one", async () => {
    const { db, mate, actor } = await setting(test.db);
    const first = (await createPasswordReset(db, mate.id, actor, T0)).token;
    expect(await findUsablePasswordReset(db, first, new Date(T0.getTime() + PASSWORD_RESET_TTL_MS - 1))).not.toBeNull();
    expect(await findUsablePasswordReset(db, first, new Date(T0.getTime() + PASSWORD_RESET_TTL_MS))).toBeNull();
    const second = (await createPasswordReset(db, mate.id, actor, T0)).token;
    expect(await findUsablePasswordReset(db, first, T0)).toBeNull();
    expect(await findUsablePasswordReset(db, second, T0)).toMatchObject({ userId: mate.id, email: mate.email });
  });

  it("are not for one's own account, nor for someone no longer on the team", async () => {
    const { db, owner, actor } = await setting(test.db);
    await expect(createPasswordReset(db, owner.id, actor, T0)).rejects.toThrow(/your own password/);
    await expect(createPasswordReset(db, 99_999, actor, T0)).rejects.toThrow(/no longer on the team/);
  });

  it("refuse forged and malformed tokens", async () => {
    const { db } = await setting(test.db);
    for (const token of ["A".repeat(43), "../../etc/passwd", ""])
      expect(await findUsablePasswordReset(db, token, T0)).toBeNull();
  });
});
