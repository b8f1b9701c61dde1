import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { seedAccount } from "@/test/support/seeds";
import { claimsFor } from "@/test/support/session";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { checkAccess, FORBIDDEN_MESSAGE, UNAUTHENTICATED_MESSAGE } from "@/lib/auth/access";
import { USER_ROLES } from "@/lib/db/schema/enums";

describe.each(ENGINES)("checkAccess — the rule behind requireUser — on %s", (engine) => {
  const test = useTestDb(engine);

  it("ranks real users' roles", async () => {
    const db = test.db;
    const people = {
      owner: await seedAccount(db, { role: "owner" }),
      editor: await seedAccount(db, { role: "editor" }),
      viewer: await seedAccount(db, { role: "viewer" }),
    };
    const grid: string[] = [];
    for (const actual of USER_ROLES) {
      let row = "";
      for (const required of USER_ROLES)
        row += (await checkAccess(db, claimsFor(people[actual].id), required)).ok ? "Y" : "n";
      grid.push(row);
    }
    expect(grid).toEqual(["YYY", "nYY", "nnY"]);
    const denied = await checkAccess(db, claimsFor(people.viewer.id), "editor");
    expect(denied).toEqual({ ok: false, code: "forbidden", status: 403, message: FORBIDDEN_MESSAGE });
  });

  it("returns a DTO without the password hash", async () => {
    const db = test.db;
    const owner = await seedAccount(db, { role: "owner" });
    const result = await checkAccess(db, claimsFor(owner.id), "owner");
    expect(result.ok && Object.keys(result.user).sort()).toEqual([
      "createdAt",
      "email",
      "id",
      "lastSignInAt",
      "name",
      "role",
    ]);
  });

  it("refuses anonymous sessions and ids that never existed", async () => {
    const db = test.db;
    const anonymous = { ok: false, code: "unauthenticated", status: 401, message: UNAUTHENTICATED_MESSAGE };
    expect(await checkAccess(db, null, "viewer")).toEqual(anonymous);
    expect(await checkAccess(db, claimsFor(12345), "viewer")).toEqual(anonymous);
  });

  it("a removed user loses access at once, whatever their session still says", async () => {
    const db = test.db;
    const { users } = db.tables;
    const editor = await seedAccount(db, { role: "editor" });
    expect((await checkAccess(db, claimsFor(editor.id), "editor")).ok).toBe(true);
    await db.delete(users).where(eq(users.id, editor.id));
    expect(await checkAccess(db, claimsFor(editor.id), "viewer")).toMatchObject({ ok: false, status: 401 });
  });

  it("a demoted user loses the higher role at once", async () => {
    const db = test.db;
    const { users } = db.tables;
    const owner = await seedAccount(db, { role: "owner" });
    await db.update(users).set({ role: "viewer" }).where(eq(users.id, owner.id));
    expect(await checkAccess(db, claimsFor(owner.id), "owner")).toMatchObject({ ok: false, status: 403 });
    expect(await checkAccess(db, claimsFor(owner.id), "editor")).toMatchObject({ ok: false, status: 403 });
    expect((await checkAccess(db, claimsFor(owner.id), "viewer")).ok).toBe(true);
  });
});
