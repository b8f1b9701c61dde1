import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { authThrottle } from "@/lib/db/schema";
import { blockDurationMs, clearFailures, formatRetryAfter, releaseAttempt, reserveAttempt, throttleWaitMs } from "@/lib/auth/throttle";

const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("sign-in throttle", () => {
  it("grows the block exponentially from the 5th failure and caps it at 15 minutes", () => {
    expect([1, 2, 3, 4].map(blockDurationMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(blockDurationMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(blockDurationMs(10)).toBe(900_000);
    expect(blockDurationMs(11)).toBe(900_000);
    expect(blockDurationMs(10_000)).toBe(900_000);
  });

  it("lets four attempts through, blocks after the fifth, and refuses while blocked without counting", () => {
    const db = createTestDb();
    const keys = ["email:a@example.com"];
    for (let i = 0; i < 5; i++) expect(reserveAttempt(db, keys, at(i))).toBe(0);
    expect(throttleWaitMs(db, keys, at(4))).toBe(30_000);
    expect(reserveAttempt(db, keys, at(10_004))).toBe(20_000);
    expect(db.select().from(authThrottle).get()?.failures).toBe(5);
    // the block ends on time; the next failure blocks for twice as long
    expect(reserveAttempt(db, keys, at(30_004))).toBe(0);
    expect(throttleWaitMs(db, keys, at(30_004))).toBe(60_000);
  });

  it("blocks when any of the keys is blocked (per account and per address)", () => {
    const db = createTestDb();
    for (let i = 0; i < 5; i++) reserveAttempt(db, ["ip:203.0.113.9", `email:user${i}@example.com`], at(i));
    // a fresh account from the same address is blocked by the address
    expect(reserveAttempt(db, ["email:fresh@example.com", "ip:203.0.113.9"], at(10))).toBeGreaterThan(0);
    // the same account from another address is not
    expect(reserveAttempt(db, ["email:user0@example.com", "ip:198.51.100.1"], at(10))).toBe(0);
  });

  it("forgets failures after a quiet hour", () => {
    const db = createTestDb();
    const keys = ["email:b@example.com"];
    for (let i = 0; i < 4; i++) reserveAttempt(db, keys, at(i));
    reserveAttempt(db, keys, at(60 * 60_000 + 10));
    expect(db.select().from(authThrottle).get()?.failures).toBe(1);
  });

  it("releasing an attempt lifts the block it caused; clearing removes the key", () => {
    const db = createTestDb();
    const key = "ip:192.0.2.1";
    for (let i = 0; i < 5; i++) reserveAttempt(db, [key], at(i));
    expect(throttleWaitMs(db, [key], at(5))).toBeGreaterThan(0);
    releaseAttempt(db, key);
    expect(throttleWaitMs(db, [key], at(5))).toBe(0);
    expect(db.select().from(authThrottle).get()?.failures).toBe(4);
    clearFailures(db, key);
    expect(db.select().from(authThrottle).all()).toEqual([]);
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
