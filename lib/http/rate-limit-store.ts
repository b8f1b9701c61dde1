// What a rate-limit store is (./rate-limit.ts chooses one per process): the token bucket's contract,
// shared by the memory store and the PostgreSQL store so both answer alike.

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** Requests allowed in a burst; refilled evenly over windowMs. */
export type RateLimitRule = { limit: number; windowMs: number };

/**
 * Where the buckets are. `take` spends one token of the bucket (name, key) at time `at` (ms), or refuses
 * without spending and says when the next token is there; a bucket never seen is full.
 */
export type RateLimitStore = {
  take(name: string, key: string, rule: RateLimitRule, at: number): Promise<RateLimitResult>;
  /** Forgets every bucket of the limiter `name`. */
  reset(name: string): Promise<void>;
};

/** Whole seconds until a bucket short of a token by `deficit` (in tokens) has one again; at least 1. */
export function retryAfterSeconds(deficit: number, rule: RateLimitRule): number {
  return Math.max(1, Math.ceil((deficit * rule.windowMs) / rule.limit / 1000));
}
