import { describe, expect, it } from "vitest";
import {
  createRateLimiter,
  currentRateLimitStore,
  enforceRateLimit,
  rateLimitStoreFor,
  sharedRateLimiter,
  registerRateLimitStore,
  type RateLimitStore,
} from "@/lib/http/rate-limit";
import { memoryRateLimitStore } from "@/lib/http/rate-limit-memory";
import { DomainError } from "@/lib/errors/domain-error";
import { errorAnswer } from "@/lib/http/error-answer";
import { resetProcessState } from "@/lib/process-state";
import { createTestDb } from "@/test/support/db";
import { sqliteAppDb } from "@/lib/db/sqlite-async";

const oks = async (checks: Promise<{ ok: boolean }>[]) => (await Promise.all(checks)).map((r) => r.ok);

describe("createRateLimiter", () => {
  it("allows a burst, refuses with a Retry-After, and refills over time", async () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect(await oks([1, 2, 3].map(() => limiter.check("a")))).toEqual([true, true, true]);
    expect(await limiter.check("a")).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect((await limiter.check("b")).ok).toBe(true);
    now = 20_000;
    expect((await limiter.check("a")).ok).toBe(true);
    expect((await limiter.check("a")).ok).toBe(false);
  });

  it("does not spend on a refused request: hammering does not push the next token back", async () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000, now: () => now });
    await limiter.check("a");
    expect(await limiter.check("a")).toEqual({ ok: true, remaining: 0 });
    for (now = 1_000; now < 5_000; now += 1_000) expect((await limiter.check("a")).ok).toBe(false);
    now = 5_000;
    expect(await limiter.check("a")).toEqual({ ok: true, remaining: 0 });
  });

  it("answers from memory without waiting on anything: the promise is already settled", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000, now: () => 0 });
    let settled = false;
    void limiter.check("a").then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(true);
  });

  it("forgets the least recently used keys past maxKeys", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    await limiter.check("a");
    await limiter.check("b");
    await limiter.check("c"); // evicts "a"
    expect((await limiter.check("a")).ok).toBe(true);
    expect((await limiter.check("c")).ok).toBe(false);
  });

  it("enforceRateLimit throws a 429 carrying Retry-After", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, now: () => 0 });
    await enforceRateLimit(limiter, "x");
    const error = await enforceRateLimit(limiter, "x").then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", retryAfterSeconds: 10 });
    expect(errorAnswer(error, "test")).toMatchObject({
      status: 429,
      headers: { "Retry-After": "10" },
      json: { error: { code: "rate_limited" } },
    });
  });
});

describe("sharedRateLimiter", () => {
  it("is one limiter per name for the whole process, whichever module asks", () => {
    resetProcessState("rate-limit.test-");
    const first = sharedRateLimiter("test-one", { limit: 1, windowMs: 60_000 });
    expect(sharedRateLimiter("test-one", { limit: 1, windowMs: 60_000 })).toBe(first);
    expect(sharedRateLimiter("test-two", { limit: 1, windowMs: 60_000 })).not.toBe(first);
  });

  it("spends the budget in the process's store, the one registered last, even for limiters declared before", async () => {
    resetProcessState("rate-limit.");
    const limiter = sharedRateLimiter("test-store", { limit: 1, windowMs: 60_000 });
    expect((await limiter.check("a")).ok).toBe(true);
    expect((await limiter.check("a")).ok).toBe(false); // the default memory store

    const taken: string[] = [];
    const recording: RateLimitStore = {
      take: async (name, key, rule) => (taken.push(`${name}/${key}/${rule.limit}`), { ok: true, remaining: 0 }),
      reset: async () => {},
    };
    registerRateLimitStore(recording);
    expect(currentRateLimitStore()).toBe(recording);
    expect((await limiter.check("a")).ok).toBe(true);
    expect(taken).toEqual(["test-store/a/1"]);
    resetProcessState("rate-limit.");
  });

  it("keeps each limiter's buckets apart in one store, and resets one limiter only", async () => {
    const store = memoryRateLimitStore();
    const rule = { limit: 1, windowMs: 60_000 };
    expect((await store.take("one", "a", rule, 0)).ok).toBe(true);
    expect((await store.take("two", "a", rule, 0)).ok).toBe(true);
    expect((await store.take("one", "a", rule, 0)).ok).toBe(false);
    await store.reset("one");
    expect((await store.take("one", "a", rule, 0)).ok).toBe(true);
    expect((await store.take("two", "a", rule, 0)).ok).toBe(false);
  });

  it("keeps a SQLite process's buckets in memory", async () => {
    const store = rateLimitStoreFor(sqliteAppDb(createTestDb()));
    let settled = false;
    void store.take("x", "a", { limit: 1, windowMs: 1_000 }, 0).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});
