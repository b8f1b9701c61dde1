import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { addUser } from "@/test/support/users";
import { claimsFor } from "@/test/support/session";
import { checkAccess, FORBIDDEN_MESSAGE, UNAUTHENTICATED_MESSAGE } from "@/lib/auth/access";
import { users } from "@/lib/db/schema";
import { USER_ROLES } from "@/lib/db/schema/enums";

describe("checkAccess — the rule behind requireUser", () => {
  it("ranks real users' roles", async () => {
    const db = createTestDb();
    const people = {
      owner: await addUser(db, "owner"),
      editor: await addUser(db, "editor"),
      viewer: await addUser(db, "viewer"),
    };
    const grid = USER_ROLES.map((actual) =>
      USER_ROLES.map((required) => (checkAccess(db, claimsFor(people[actual].id), required).ok ? "Y" : "n")).join(""),
    );
    expect(grid).toEqual(["YYY", "nYY", "nnY"]);
    const denied = checkAccess(db, claimsFor(people.viewer.id), "editor");
    expect(denied).toEqual({ ok: false, code: "forbidden", status: 403, message: FORBIDDEN_MESSAGE });
  });

  it("returns a DTO without the password hash", async () => {
    const db = createTestDb();
    const owner = await addUser(db, "owner");
    const result = checkAccess(db, claimsFor(owner.id), "owner");
    expect(result.ok && Object.keys(result.user).sort()).toEqual([
      "createdAt",
      "email",
      "id",
      "lastSignInAt",
      "name",
      "role",
    ]);
  });

  it("refuses anonymous sessions and ids that never existed", () => {
    const db = createTestDb();
    const anonymous = { ok: false, code: "unauthenticated", status: 401, message: UNAUTHENTICATED_MESSAGE };
    expect(checkAccess(db, null, "viewer")).toEqual(anonymous);
    expect(checkAccess(db, claimsFor(12345), "viewer")).toEqual(anonymous);
  });

  it("a removed user loses access at once, whatever their session still says", async () => {
    const db = createTestDb();
    const editor = await addUser(db, "editor");
    expect(checkAccess(db, claimsFor(editor.id), "editor").ok).toBe(true);
    db.delete(users).where(eq(users.id, editor.id)).run();
    expect(checkAccess(db, claimsFor(editor.id), "viewer")).toMatchObject({ ok: false, status: 401 });
  });

  it("a demoted user loses the higher role at once", async () => {
    const db = createTestDb();
    const owner = await addUser(db, "owner");
    db.update(users).set({ role: "viewer" }).where(eq(users.id, owner.id)).run();
    expect(checkAccess(db, claimsFor(owner.id), "owner")).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(db, claimsFor(owner.id), "editor")).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(db, claimsFor(owner.id), "viewer").ok).toBe(true);
  });
});
