import { DomainError } from "@/lib/errors/domain-error";
import { processState } from "@/lib/process-state";

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = { check(key: string): RateLimitResult; reset(): void };

export type RateLimitOptions = {
  /** Requests allowed in a burst; refilled evenly over windowMs. */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Oldest buckets are dropped past this many keys, so a flood of addresses cannot grow memory. */
  maxKeys?: number;
};

type Bucket = { tokens: number; updatedAt: number };

/**
 * A token bucket per key, in this process's memory; counts reset on restart, which only errs toward
 * letting visitors through. Use sharedRateLimiter for a limiter that endpoints declare: a module-level
 * one would be one per copy of the module (see lib/process-state.ts).
 */
export function createRateLimiter({
  limit,
  windowMs,
  now = Date.now,
  maxKeys = 10_000,
}: RateLimitOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = limit / windowMs;

  return {
    check(key) {
      const at = now();
      const existing = buckets.get(key);
      const tokens = existing ? Math.min(limit, existing.tokens + (at - existing.updatedAt) * refillPerMs) : limit;
      buckets.delete(key); // re-inserted below, so Map order is least recently used first
      if (tokens < 1) {
        buckets.set(key, { tokens, updatedAt: at });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - 1, updatedAt: at });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      return { ok: true, remaining: Math.floor(tokens - 1) };
    },
    reset() {
      buckets.clear();
    },
  };
}

/** The process's one limiter of this name: every transport and every copy of a module spends the same budget. */
export function sharedRateLimiter(name: string, options: Omit<RateLimitOptions, "now">): RateLimiter {
  return processState(`rate-limit.${name}`, () => createRateLimiter(options));
}

/** Throws rate_limited (429 with Retry-After) when the key is over its limit. */
export function enforceRateLimit(limiter: RateLimiter, key: string): void {
  const result = limiter.check(key);
  if (!result.ok) {
    throw new DomainError("rate_limited", `Too many requests. Try again in ${result.retryAfterSeconds} s.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}
