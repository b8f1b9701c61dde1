// The buckets as rows of rate_limit_buckets, so every web server on one PostgreSQL database spends the same
// budget. A check is one statement: an upsert that refills the bucket, spends a token if there is one, and
// returns what is left. ON CONFLICT locks the row, so parallel checks of one key (from any server) run one
// after another on fresh values: a burst never gets past the limit.
//
// The same token bucket as ./rate-limit-memory.ts, in integer nanotokens (db:copy and the drift test know
// integers, not floats; flooring a refill to a billionth of a token costs nothing measurable):
//   balance  = least(limit, balance + elapsed × rate) − 1        (rate = limit / windowMs)
//   balance ≥ 0: allowed, `remaining` is what is left.
//   balance < 0: refused, and nothing was spent: the stored value is the refilled balance minus one, so the
//   next check adds the one back. It therefore never goes below −1 token however long a client hammers.
// Times come from the process's clock, as in memory; servers' clocks differ by milliseconds, and a row's
// updated_at never moves back, so a server whose clock lags refills nothing rather than twice.
//
// A row whose bucket is full again (expires_at: a window after its last check) says nothing an absent row
// would not, so each process deletes such rows once a minute, beside its checks (`trim`).
import { lte, eq, sql } from "drizzle-orm";
import { changedRows, queryRows, type Db } from "@/lib/db/app-db";
import { retryAfterSeconds, type RateLimitResult, type RateLimitRule, type RateLimitStore } from "./rate-limit-store";

/** Nanotokens in a token. */
export const NANO = 1_000_000_000;

export type PostgresStoreOptions = {
  /** How often this process deletes the rows of full buckets, in ms of its checks' clock; Infinity: never. */
  trimEveryMs?: number;
  /** Where a failed trim is reported (it runs beside a check, which must not fail for it). */
  onTrimError?: (error: unknown) => void;
};

export type PostgresRateLimitStore = RateLimitStore & {
  /** Deletes the rows whose bucket is full at `at` (ms); returns how many. */
  trim(at: number): Promise<number>;
};

/** The bucket's balance in nanotokens after this check: negative when refused (see the header). */
async function spend(db: Db, name: string, key: string, { limit, windowMs }: RateLimitRule, at: number) {
  const cap = limit * NANO;
  // the refill is elapsed × cap ÷ window, exact in numeric and floored; elapsed is capped at one window
  // (the bucket is full by then) and never negative (see the header on clocks)
  const [row] = await queryRows<{ nanotokens: number | string }>(
    db,
    sql`INSERT INTO rate_limit_buckets AS b (name, key, nanotokens, updated_at, expires_at)
        VALUES (${name}, ${key}, ${cap - NANO}::bigint, ${at}::bigint, ${at + windowMs}::bigint)
        ON CONFLICT (name, key) DO UPDATE SET
          nanotokens = least(
              ${cap}::bigint,
              CASE WHEN b.nanotokens < 0 THEN b.nanotokens + ${NANO}::bigint ELSE b.nanotokens END
                + div(least(greatest(${at}::bigint - b.updated_at, 0), ${windowMs}::bigint)::numeric * ${cap}, ${windowMs})::bigint
            ) - ${NANO}::bigint,
          updated_at = greatest(b.updated_at, ${at}::bigint),
          expires_at = greatest(b.updated_at, ${at}::bigint) + ${windowMs}::bigint
        RETURNING nanotokens`,
  );
  return Number(row!.nanotokens);
}

/** The rate-limit store for every web server on this PostgreSQL database (lib/http/rate-limit.ts). */
export function postgresRateLimitStore(
  db: Db,
  {
    trimEveryMs = 60_000,
    onTrimError = (error) => console.warn(`[rate-limit] trimming idle buckets failed: ${String(error)}`),
  }: PostgresStoreOptions = {},
): PostgresRateLimitStore {
  const table = db.tables.rateLimitBuckets;
  let nextTrimAt: number | null = null;

  const store: PostgresRateLimitStore = {
    async take(name, key, rule, at): Promise<RateLimitResult> {
      if (nextTrimAt === null) nextTrimAt = at + trimEveryMs;
      else if (at >= nextTrimAt) {
        nextTrimAt = at + trimEveryMs;
        store.trim(at).catch(onTrimError);
      }
      const balance = await spend(db, name, key, rule, at);
      return balance >= 0
        ? { ok: true, remaining: Math.floor(balance / NANO) }
        : { ok: false, retryAfterSeconds: retryAfterSeconds(-balance / NANO, rule) };
    },
    async reset(name) {
      await db.delete(table).where(eq(table.name, name));
    },
    async trim(at) {
      return changedRows(await db.delete(table).where(lte(table.expiresAt, at)));
    },
  };
  return store;
}
