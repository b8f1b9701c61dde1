import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";
import { authenticate } from "@/lib/auth/authenticate";
import { listAudit } from "@/lib/audit/record";
import { findUserById } from "@/lib/users/queries";

const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(ENGINES)("authenticate (sign-in under the throttle) on %s", (engine) => {
  const test = useTestDb(engine);

  it("signs in with the right password, case-insensitively by email, and audits it", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "editor", email: "ed@example.com" });
    const result = await authenticate(db, {
      email: "  ED@Example.COM ",
      password: user.password,
      ip: "203.0.113.1",
      now: at(0),
    });
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: "ed@example.com", name: "Test editor", role: "editor", sessionVersion: 0 },
      deviceId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect((await findUserById(db, user.id))?.lastSignInAt).toBe(at(0).toISOString());
    const [entry] = await listAudit(db);
    expect(entry).toMatchObject({
      action: "auth.sign_in",
      actorId: user.id,
      actorEmail: "ed@example.com",
      ip: "203.0.113.1",
    });
  });

  it("refuses a wrong password or an unknown email alike, and audits the failure without the password", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "viewer", email: "v@example.com" });
    expect(
      await authenticate(db, { email: "v@example.com", password: "not the password", ip: null, now: at(0) }),
    ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await authenticate(db, { email: "nobody@example.com", password: "whatever it is", ip: null, now: at(1) }),
    ).toEqual({ ok: false, reason: "invalid" });
    const entries = await listAudit(db);
    expect(entries.map((e) => e.action)).toEqual(["auth.sign_in_failed", "auth.sign_in_failed"]);
    expect(entries[1]).toMatchObject({
      actorId: null,
      targetId: String(user.id),
      details: { email: "v@example.com", reason: "wrong_password" },
    });
    expect(entries[0]).toMatchObject({
      targetId: null,
      details: { email: "nobody@example.com", reason: "unknown_email" },
    });
    expect(JSON.stringify(entries)).not.toContain("not the password");
  });

  it("blocks an account after five failures, even with the right password, until the block ends", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "owner", email: "o@example.com" });
    for (let i = 0; i < 5; i++) {
      expect(
        await authenticate(db, { email: user.email, password: `wrong ${i} password`, ip: `10.0.0.${i}`, now: at(i) }),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await authenticate(db, {
      email: user.email,
      password: user.password,
      ip: "10.0.0.99",
      now: at(10_000),
    });
    expect(blocked).toEqual({ ok: false, reason: "throttled", retryAfterMs: 30_000 - 10_000 + 4 });
    expect((await listAudit(db, { limit: 1 }))[0]?.action).toBe("auth.sign_in_blocked");
    // once the block is over the right password works and clears the account's counter
    const later = await authenticate(db, {
      email: user.email,
      password: user.password,
      ip: "10.0.0.99",
      now: at(40_000),
    });
    expect(later.ok).toBe(true);
    const throttled = await db.select().from(db.tables.authThrottle);
    expect(throttled.filter((row) => row.key.startsWith("email:"))).toEqual([]);
  });

  it("blocks an address that guesses across many accounts, and success does not wipe the address count", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "viewer", email: "real@example.com" });
    for (let i = 0; i < 4; i++)
      await authenticate(db, {
        email: `guess${i}@example.com`,
        password: "password123",
        ip: "198.51.100.7",
        now: at(i),
      });
    expect(
      (await authenticate(db, { email: user.email, password: user.password, ip: "198.51.100.7", now: at(10) })).ok,
    ).toBe(true);
    await authenticate(db, { email: "guess9@example.com", password: "password123", ip: "198.51.100.7", now: at(20) });
    const result = await authenticate(db, {
      email: "guess10@example.com",
      password: "password123",
      ip: "198.51.100.7",
      now: at(30),
    });
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("a lockout's length is fixed: the right password works when it ends, however many guesses came during it", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "owner", email: "fixed@example.com" });
    for (let i = 0; i < 5; i++)
      await authenticate(db, { email: user.email, password: "wrong password", ip: null, now: at(i) });
    for (let t = 1_000; t < 30_000; t += 1_000)
      await authenticate(db, { email: user.email, password: "wrong password", ip: null, now: at(t) });
    expect((await authenticate(db, { email: user.email, password: user.password, ip: null, now: at(30_004) })).ok).toBe(
      true,
    );
  });

  it("parallel guesses cannot slip past the limit while earlier ones are still hashing", async () => {
    const db = test.db;
    const user = await seedAccount(db, { role: "viewer", email: "p@example.com" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authenticate(db, { email: user.email, password: `guess number ${i}`, ip: null, now: at(0) }),
      ),
    );
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => r.ok === false && r.reason === "throttled")).toHaveLength(15);
  });
});
