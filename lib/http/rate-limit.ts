// Per-address rate limits: a token bucket per (limiter, client address), kept by a store.
//
// Which store a process's limiters use is chosen once, where the process makes its server context:
//   - SQLite: one web process answers everything, so the buckets live in its memory (./rate-limit-memory.ts,
//     the default: nothing to call). Fastest, and a restart only errs toward letting visitors through.
//   - PostgreSQL: several web servers may sit behind a load balancer and must spend one budget, so the
//     buckets are rows (./rate-limit-postgres.ts):
//         registerRateLimitStore(postgresRateLimitStore(appDb)); // appDb: the async Db of lib/db/app-db.ts
//     or, for whichever engine the process opened, registerRateLimitStore(rateLimitStoreFor(appDb)).
// Endpoints declare sharedRateLimiter(name, …): it asks the process's store on every check, so the
// choice holds whichever module copy declared the limiter and whenever its module was loaded.
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { processState } from "@/lib/process-state";
import { memoryRateLimitStore } from "./rate-limit-memory";
import { postgresRateLimitStore } from "./rate-limit-postgres";
import type { RateLimitResult, RateLimitRule, RateLimitStore } from "./rate-limit-store";

export type { RateLimitResult, RateLimitRule, RateLimitStore } from "./rate-limit-store";

export type RateLimiter = { check(key: string): Promise<RateLimitResult>; reset(): Promise<void> };

export type RateLimitOptions = RateLimitRule & {
  now?: () => number;
  /** Memory only: oldest buckets are dropped past this many keys, so a flood of addresses cannot grow memory. */
  maxKeys?: number;
};

/** A limiter named `name` over a store (or over whichever store `store()` answers at each check). */
export function storeRateLimiter(
  name: string,
  { limit, windowMs, now = Date.now }: Omit<RateLimitOptions, "maxKeys">,
  store: RateLimitStore | (() => RateLimitStore),
): RateLimiter {
  const rule = { limit, windowMs };
  const storeNow = typeof store === "function" ? store : () => store;
  return {
    check: (key) => storeNow().take(name, key, rule, now()),
    reset: () => storeNow().reset(name),
  };
}

/**
 * A limiter with its own buckets in memory, apart from the process's store: for tests and tools. Use
 * sharedRateLimiter for a limiter that endpoints declare.
 */
export function createRateLimiter({ maxKeys, ...options }: RateLimitOptions): RateLimiter {
  return storeRateLimiter("local", options, memoryRateLimitStore({ maxKeys }));
}

// a holder, so that registering a store reaches every limiter already declared
const storeHolder = () => processState("rate-limit.store", () => ({ store: memoryRateLimitStore() }));

/** This process's store for every shared limiter from now on (call once at start; default: memory). */
export function registerRateLimitStore(store: RateLimitStore): void {
  storeHolder().store = store;
}

export function currentRateLimitStore(): RateLimitStore {
  return storeHolder().store;
}

/** The store a web process on `db` needs: memory on SQLite (one process), the shared table on PostgreSQL. */
export function rateLimitStoreFor(db: Db): RateLimitStore {
  return db.engine === "postgres" ? postgresRateLimitStore(db) : memoryRateLimitStore();
}

/** The process's one limiter of this name: every transport and every copy of a module spends the same budget. */
export function sharedRateLimiter(name: string, rule: RateLimitRule): RateLimiter {
  return processState(`rate-limit.${name}`, () => storeRateLimiter(name, rule, currentRateLimitStore));
}

/** Throws rate_limited (429 with Retry-After) when the key is over its limit. */
export async function enforceRateLimit(limiter: RateLimiter, key: string): Promise<void> {
  const result = await limiter.check(key);
  if (!result.ok) {
    throw new DomainError("rate_limited", `Too many requests. Try again in ${result.retryAfterSeconds} s.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}
