// The buckets in this process's memory: right for one web process (SQLite), and the fastest there is —
// a check is two Map lookups and an already resolved promise. Counts reset on restart, which only errs
// toward letting visitors through.
import { retryAfterSeconds, type RateLimitResult, type RateLimitRule, type RateLimitStore } from "./rate-limit-store";

type Bucket = { tokens: number; updatedAt: number };

export type MemoryStoreOptions = {
  /** Per limiter: the least recently used buckets are dropped past this many keys, so a flood of addresses cannot grow memory. */
  maxKeys?: number;
};

export function memoryRateLimitStore({ maxKeys = 10_000 }: MemoryStoreOptions = {}): RateLimitStore {
  const limiters = new Map<string, Map<string, Bucket>>();

  function take(name: string, key: string, rule: RateLimitRule, at: number): RateLimitResult {
    let buckets = limiters.get(name);
    if (!buckets) limiters.set(name, (buckets = new Map()));
    const { limit, windowMs } = rule;
    const existing = buckets.get(key);
    const tokens = existing ? Math.min(limit, existing.tokens + ((at - existing.updatedAt) * limit) / windowMs) : limit;
    buckets.delete(key); // re-inserted below, so Map order is least recently used first
    if (tokens < 1) {
      buckets.set(key, { tokens, updatedAt: at });
      return { ok: false, retryAfterSeconds: retryAfterSeconds(1 - tokens, rule) };
    }
    buckets.set(key, { tokens: tokens - 1, updatedAt: at });
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    return { ok: true, remaining: Math.floor(tokens - 1) };
  }

  return {
    take: (name, key, rule, at) => Promise.resolve(take(name, key, rule, at)),
    reset: async (name) => void limiters.delete(name),
  };
}
