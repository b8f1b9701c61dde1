import { describe, expect, it } from "vitest";
import { createRateLimiter, enforceRateLimit } from "@/lib/http/rate-limit";
import { HttpError } from "@/lib/http/errors";
import { clientAddress } from "@/lib/http/client-address";

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
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 429, code: "rate_limited", headers: { "Retry-After": "10" } });
    }
  });
});

describe("clientAddress", () => {
  const at = (headers: Record<string, string>) => clientAddress(new Request("http://x/", { headers }));
  it("takes the nearest hop of X-Forwarded-For", () => {
    expect(at({ "x-forwarded-for": "1.1.1.1, 10.0.0.2" })).toBe("10.0.0.2");
    expect(at({ "x-real-ip": "::1" })).toBe("::1");
    expect(at({})).toBe("unknown");
    expect(at({ "x-forwarded-for": "x".repeat(200) })).toBe("unknown");
  });
});
