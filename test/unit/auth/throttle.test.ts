import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  clearFailures,
  lockoutDurationMs,
  formatRetryAfter,
  releaseAttempt,
  reserveAttempt,
  throttleWaitMs,
} from "@/lib/auth/throttle";
import type { Db } from "@/lib/db/app-db";
import { openPostgres, postgresAppDb, type PgDb } from "@/lib/db/pg-client";
import { ENGINES, openTestDatabase, useTestDb, type TestDatabase } from "@/test/support/databases";

const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

async function throttleRows(db: Db) {
  return db.select().from(db.tables.authThrottle);
}

describe("sign-in throttle", () => {
  it("doubles each lockout of a streak from 30 s and caps it at 15 minutes", () => {
    expect(lockoutDurationMs(0)).toBe(0);
    expect([1, 2, 3, 4, 5].map(lockoutDurationMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(lockoutDurationMs(6)).toBe(900_000);
    expect(lockoutDurationMs(7)).toBe(900_000);
    expect(lockoutDurationMs(10_000)).toBe(900_000);
  });

  it("words the wait for people", () => {
    expect(formatRetryAfter(120_000)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(formatRetryAfter(60_001)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(formatRetryAfter(60_000)).toBe("Too many attempts. Try again in 1 minute.");
    expect(formatRetryAfter(30_000)).toBe("Too many attempts. Try again in 30 seconds.");
    expect(formatRetryAfter(1)).toBe("Too many attempts. Try again in 1 second.");
    expect(formatRetryAfter(0)).toBe("Too many attempts. Try again in 1 second.");
  });
});

describe.each(ENGINES)("sign-in throttle on %s", (engine) => {
  const test = useTestDb(engine);

  it("lets four attempts through, blocks after the fifth, and refuses while blocked without counting", async () => {
    const db = test.db;
    const keys = ["email:a@example.com"];
    for (let i = 0; i < 5; i++) expect(await reserveAttempt(db, keys, at(i))).toBe(0);
    expect(await throttleWaitMs(db, keys, at(4))).toBe(30_000);
    expect(await reserveAttempt(db, keys, at(10_004))).toBe(20_000);
    expect((await throttleRows(db))[0]?.failures).toBe(5);
    // the block ends on time, and the next lockout needs a fresh run of five failures
    expect(await reserveAttempt(db, keys, at(30_004))).toBe(0);
    expect(await throttleWaitMs(db, keys, at(30_004))).toBe(0);
  });

  it("cannot be kept up by one request per lockout: each lockout is fixed at its start and the next needs five fresh failures", async () => {
    const db = test.db;
    const keys = ["email:owner@example.com"];
    for (let i = 0; i < 5; i++) await reserveAttempt(db, keys, at(i));
    const end = 4 + 30_000;
    // hammering during the lockout neither counts nor moves its end
    for (let t = 100; t < end; t += 1_000) expect(await reserveAttempt(db, keys, at(t))).toBe(end - t);
    expect(await throttleWaitMs(db, keys, at(end - 1))).toBe(1);
    // one request right after it ends does not lock the account again
    expect(await reserveAttempt(db, keys, at(end))).toBe(0);
    expect(await throttleWaitMs(db, keys, at(end))).toBe(0);
    for (let i = 1; i < 4; i++) expect(await reserveAttempt(db, keys, at(end + i))).toBe(0);
    expect(await throttleWaitMs(db, keys, at(end + 4))).toBe(0);
    // a fifth fresh failure does, for twice as long as the first lockout
    await reserveAttempt(db, keys, at(end + 4));
    expect(await throttleWaitMs(db, keys, at(end + 4))).toBe(60_000);
    expect((await throttleRows(db))[0]).toMatchObject({ failures: 5, lockouts: 2 });
  });

  it("blocks when any of the keys is blocked (per account and per address)", async () => {
    const db = test.db;
    for (let i = 0; i < 5; i++) await reserveAttempt(db, ["ip:203.0.113.9", `email:user${i}@example.com`], at(i));
    // a fresh account from the same address is blocked by the address
    expect(await reserveAttempt(db, ["email:fresh@example.com", "ip:203.0.113.9"], at(10))).toBeGreaterThan(0);
    // the same account from another address is not
    expect(await reserveAttempt(db, ["email:user0@example.com", "ip:198.51.100.1"], at(10))).toBe(0);
  });

  it("forgets failures after a quiet hour", async () => {
    const db = test.db;
    const keys = ["email:b@example.com"];
    for (let i = 0; i < 4; i++) await reserveAttempt(db, keys, at(i));
    await reserveAttempt(db, keys, at(60 * 60_000 + 10));
    expect((await throttleRows(db))[0]?.failures).toBe(1);
  });

  it("releasing an attempt lifts the block it caused; clearing removes the key", async () => {
    const db = test.db;
    const key = "ip:192.0.2.1";
    for (let i = 0; i < 5; i++) await reserveAttempt(db, [key], at(i));
    expect(await throttleWaitMs(db, [key], at(5))).toBeGreaterThan(0);
    await releaseAttempt(db, key);
    expect(await throttleWaitMs(db, [key], at(5))).toBe(0);
    expect((await throttleRows(db))[0]?.failures).toBe(4);
    await clearFailures(db, key);
    expect(await throttleRows(db)).toEqual([]);
  });

  it("counts parallel guesses one after another: no more than five get past the check", async () => {
    const db = test.db;
    const keys = ["email:parallel@example.com"];
    const waits = await Promise.all(Array.from({ length: 8 }, () => reserveAttempt(db, keys, at(0))));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait === 30_000)).toHaveLength(3);
    expect((await throttleRows(db))[0]).toMatchObject({ failures: 5, lockouts: 1 });
  });
});

// Two web servers on one PostgreSQL database: two pools, as two processes would have. The throttle's rows
// and its advisory lock are the database's, so failures spread over both count toward one lockout.
describe("sign-in throttle across two processes on PostgreSQL", () => {
  let database: TestDatabase;
  let otherPool: PgDb;
  let servers: [Db, Db];
  beforeEach(async () => {
    database = await openTestDatabase("postgres");
    otherPool = openPostgres(database.url!, { max: 4 });
    servers = [database.db, postgresAppDb(otherPool)];
  });
  afterEach(async () => {
    await otherPool.$client.end();
    await database.close();
  });

  it("locks the account after five failures taken turn about by the two servers, and both refuse then", async () => {
    const keys = ["email:shared@example.com", "ip:203.0.113.20"];
    for (let i = 0; i < 5; i++) expect(await reserveAttempt(servers[i % 2]!, keys, at(i))).toBe(0);
    expect(await reserveAttempt(servers[1], keys, at(10))).toBe(30_000 - 6);
    expect(await reserveAttempt(servers[0], keys, at(10))).toBe(30_000 - 6);
    expect(await throttleWaitMs(servers[0], ["ip:203.0.113.20"], at(10))).toBe(30_000 - 6);
    // a success on one server gives back the attempt the other counted
    await releaseAttempt(servers[0], keys[0]!);
    await releaseAttempt(servers[0], keys[1]!);
    expect(await throttleWaitMs(servers[1], keys, at(10))).toBe(0);
  });

  it("lets no more than five of many parallel guesses past the check, wherever they land", async () => {
    const keys = ["email:parallel@example.com"];
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => reserveAttempt(servers[i % 2]!, keys, at(0))));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait === 30_000)).toHaveLength(7);
    expect((await throttleRows(servers[1]))[0]).toMatchObject({ failures: 5, lockouts: 1 });
  });
});
