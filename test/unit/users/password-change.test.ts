// Changing one's password, against the real database: the current password is required, guessing it is
// throttled, and the change ends every session of the account (the version moves on).
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";
import { FAST_SCRYPT } from "@/test/support/users";
import { claimsFor } from "@/test/support/session";
import { checkAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/authenticate";
import { listAudit } from "@/lib/audit/record";
import { changePassword, WRONG_CURRENT_PASSWORD } from "@/lib/users/password-change";
import { changePasswordSchema } from "@/lib/users/schema";

const T0 = new Date("2030-01-01T00:00:00Z");
const NEW = "a brand new passphrase";

async function sessionVersionOf(db: Db, userId: number) {
  const { users } = db.tables;
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row?.v;
}

describe.each(ENGINES)("changePassword on %s", (engine) => {
  const test = useTestDb(engine);

  it("sets the new password, ends every session (the current one too) and audits it", async () => {
    const db = test.db;
    const ada = await seedAccount(db, { role: "editor" });
    const before = claimsFor(ada.id, { signedInAt: T0.getTime() });
    await expect(
      changePassword(db, {
        userId: ada.id,
        currentPassword: ada.password,
        newPassword: NEW,
        ip: "203.0.113.5",
        now: T0,
        cost: FAST_SCRYPT,
      }),
    ).resolves.toEqual({ email: ada.email });
    expect(await sessionVersionOf(db, ada.id)).toBe(1);
    expect(await checkAccess(db, before, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect(await authenticate(db, { email: ada.email, password: ada.password, ip: null, now: T0 })).toEqual({
      ok: false,
      reason: "invalid",
    });
    // the new sign-in (what the action does to keep this browser signed in) carries the new version
    const again = await authenticate(db, { email: ada.email, password: NEW, ip: null, now: T0 });
    expect(again.ok && again.user.sessionVersion).toBe(1);
    expect((await listAudit(db, { action: "user.password_change" }))[0]).toMatchObject({
      actorId: ada.id,
      targetId: String(ada.id),
      ip: "203.0.113.5",
    });
  });

  it("refuses a wrong current password under the field, changes nothing, and throttles guessing", async () => {
    const db = test.db;
    const ada = await seedAccount(db, { role: "viewer" });
    for (let i = 0; i < 5; i++) {
      await expect(
        changePassword(db, {
          userId: ada.id,
          currentPassword: `guess ${i}`,
          newPassword: NEW,
          now: T0,
          cost: FAST_SCRYPT,
        }),
      ).rejects.toMatchObject({
        code: "invalid_input",
        fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
      });
    }
    await expect(
      changePassword(db, {
        userId: ada.id,
        currentPassword: ada.password,
        newPassword: NEW,
        now: T0,
        cost: FAST_SCRYPT,
      }),
    ).rejects.toMatchObject({ code: "rate_limited" });
    expect(await sessionVersionOf(db, ada.id)).toBe(0);
    expect((await authenticate(db, { email: ada.email, password: ada.password, ip: null, now: T0 })).ok).toBe(true);
  });

  it("uses the same strength rules as setup and invitations, the new password twice", () => {
    const base = { currentPassword: "old password here" };
    expect(changePasswordSchema.safeParse({ ...base, password: "short", confirmPassword: "short" }).success).toBe(
      false,
    );
    expect(
      changePasswordSchema.safeParse({ ...base, password: NEW, confirmPassword: `${NEW}!` }).error?.issues[0]?.path,
    ).toEqual(["confirmPassword"]);
    expect(
      changePasswordSchema.safeParse({ ...base, password: base.currentPassword, confirmPassword: base.currentPassword })
        .success,
    ).toBe(false);
    expect(changePasswordSchema.safeParse({ ...base, password: NEW, confirmPassword: NEW }).success).toBe(true);
  });
});
