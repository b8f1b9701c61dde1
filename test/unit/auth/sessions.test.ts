// Ending sessions, against the real database: a token is only as good as what the database says of it.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { seedAccount } from "@/test/support/seeds";
import { claimsFor } from "@/test/support/session";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { checkAccess } from "@/lib/auth/access";
import { parseSessionClaims, SESSION_MAX_AGE_MS } from "@/lib/auth/session-claims";
import { bumpSessionVersion, isSessionRevoked, revokeSession } from "@/lib/auth/sessions";

const T0 = new Date("2030-01-01T08:00:00Z");

describe("session claims", () => {
  it("refuse tokens from before sessions had ids, and malformed claims", () => {
    expect(parseSessionClaims(undefined)).toBeNull();
    expect(parseSessionClaims({ userId: 1, sid: undefined, version: undefined, signedInAt: undefined })).toBeNull();
    expect(parseSessionClaims({ userId: 1, sid: "short", version: 0, signedInAt: 1 })).toBeNull();
    expect(parseSessionClaims({ userId: 1, sid: "a".repeat(22), version: 0, signedInAt: 1 })).toEqual({
      userId: 1,
      sid: "a".repeat(22),
      version: 0,
      signedInAt: 1,
    });
  });
});

describe.each(ENGINES)("session version on %s", (engine) => {
  const test = useTestDb(engine);

  it("bumping it ends every session of that account, and only of that account", async () => {
    const db = test.db;
    const [ada, bob] = [await seedAccount(db, { role: "editor" }), await seedAccount(db, { role: "editor" })];
    const laptop = claimsFor(ada.id, { sid: "laptop-session-00000000", signedInAt: T0.getTime() });
    const phone = claimsFor(ada.id, { sid: "phone-session-000000000", signedInAt: T0.getTime() });
    const other = claimsFor(bob.id, { signedInAt: T0.getTime() });
    expect(await bumpSessionVersion(db, ada.id)).toBe(1);
    expect(await checkAccess(db, laptop, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect(await checkAccess(db, phone, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect((await checkAccess(db, other, "viewer", T0)).ok).toBe(true);
    // a sign-in after the bump carries the new version
    const fresh = claimsFor(ada.id, { version: 1, signedInAt: T0.getTime() });
    expect((await checkAccess(db, fresh, "viewer", T0)).ok).toBe(true);
  });
});

describe.each(ENGINES)("revoked session ids on %s", (engine) => {
  const test = useTestDb(engine);

  it("sign-out revokes exactly that session; the account's other sessions keep working", async () => {
    const db = test.db;
    const ada = await seedAccount(db, { role: "owner" });
    const here = claimsFor(ada.id, { sid: "this-browser-0000000000", signedInAt: T0.getTime() })!;
    const there = claimsFor(ada.id, { sid: "other-browser-000000000", signedInAt: T0.getTime() })!;
    await revokeSession(db, here, T0);
    expect(await isSessionRevoked(db, here.sid)).toBe(true);
    expect(await checkAccess(db, here, "viewer", T0)).toMatchObject({ ok: false, status: 401 });
    expect((await checkAccess(db, there, "viewer", T0)).ok).toBe(true);
  });

  it("keeps a revoked id only while its token could be accepted, and pruning on the next revocation forgets it", async () => {
    const db = test.db;
    const { revokedSessions } = db.tables;
    const ada = await seedAccount(db, { role: "owner" });
    const old = claimsFor(ada.id, { sid: "old-session-00000000000", signedInAt: T0.getTime() })!;
    await revokeSession(db, old, T0);
    const [stored] = await db.select().from(revokedSessions);
    expect(stored?.expiresAt.getTime()).toBe(T0.getTime() + SESSION_MAX_AGE_MS);
    const later = new Date(T0.getTime() + SESSION_MAX_AGE_MS + 1);
    await revokeSession(db, claimsFor(ada.id, { sid: "new-session-00000000000", signedInAt: later.getTime() })!, later);
    expect(await db.select({ sid: revokedSessions.sid }).from(revokedSessions)).toEqual([
      { sid: "new-session-00000000000" },
    ]);
    // forgetting it is safe: the session is past its lifetime and refused on that ground alone
    expect(await checkAccess(db, old, "viewer", later)).toMatchObject({ ok: false, status: 401 });
  });

  it("a session ends 8 hours after sign-in even if its cookie was refreshed since", async () => {
    const db = test.db;
    const ada = await seedAccount(db, { role: "viewer" });
    const claims = claimsFor(ada.id, { signedInAt: T0.getTime() });
    expect((await checkAccess(db, claims, "viewer", new Date(T0.getTime() + SESSION_MAX_AGE_MS - 1))).ok).toBe(true);
    expect(await checkAccess(db, claims, "viewer", new Date(T0.getTime() + SESSION_MAX_AGE_MS))).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("removing an account removes its revoked ids with it", async () => {
    const db = test.db;
    const { revokedSessions, users } = db.tables;
    const ada = await seedAccount(db, { role: "viewer" });
    await revokeSession(db, claimsFor(ada.id)!, new Date());
    await db.delete(users).where(eq(users.id, ada.id));
    expect(await db.select().from(revokedSessions)).toEqual([]);
  });
});
