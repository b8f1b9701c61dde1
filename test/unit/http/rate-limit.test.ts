import { describe, expect, it } from "vitest";
import { createRateLimiter, enforceRateLimit, sharedRateLimiter } from "@/lib/http/rate-limit";
import { DomainError } from "@/lib/errors/domain-error";
import { errorAnswer } from "@/lib/http/error-answer";
import { resetProcessState } from "@/lib/process-state";

describe("createRateLimiter", () => {
  it("allows a burst, refuses with a Retry-After, and refills over time", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([1, 2, 3].map(() => limiter.check("a").ok)).toEqual([true, true, true]);
    expect(limiter.check("a")).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.check("b").ok).toBe(true);
    now = 20_000;
    expect(limiter.check("a").ok).toBe(true);
    expect(limiter.check("a").ok).toBe(false);
  });

  it("forgets the least recently used keys past maxKeys", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    limiter.check("a");
    limiter.check("b");
    limiter.check("c"); // evicts "a"
    expect(limiter.check("a").ok).toBe(true);
    expect(limiter.check("c").ok).toBe(false);
  });

  it("enforceRateLimit throws a 429 carrying Retry-After", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, now: () => 0 });
    enforceRateLimit(limiter, "x");
    try {
      enforceRateLimit(limiter, "x");
      throw new Error("not limited");
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 429, code: "rate_limited", retryAfterSeconds: 10 });
      expect(errorAnswer(error, "test")).toMatchObject({
        status: 429,
        headers: { "Retry-After": "10" },
        json: { error: { code: "rate_limited" } },
      });
    }
  });
});

describe("sharedRateLimiter", () => {
  it("is one limiter per name for the whole process, whichever module asks", () => {
    resetProcessState("rate-limit.test-");
    const first = sharedRateLimiter("test-one", { limit: 1, windowMs: 60_000 });
    expect(sharedRateLimiter("test-one", { limit: 1, windowMs: 60_000 })).toBe(first);
    expect(sharedRateLimiter("test-two", { limit: 1, windowMs: 60_000 })).not.toBe(first);
  });
});
