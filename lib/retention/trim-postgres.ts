// The retention trim's writes on PostgreSQL, statement for statement beside their SQLite twins in
// ./trim.ts. Where SQLite's one writer made a batch atomic against everything else, rows are locked here.
// A batch locks the deliveries it picked (FOR UPDATE) before it deletes their receipts: a receipt being
// recorded for one of them (which holds the delivery, lib/receipts/record-postgres.ts) commits first and
// is deleted and counted with the rest, and one that comes after finds its delivery gone. A forgotten
// sign-in throttle row is deleted only if it is still forgotten when locked; one a sign-in is writing
// right now is skipped (it is not forgotten). Overlapping trims count every row once: a row the other
// trim deleted while this one waited for it is no longer picked.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";

export type TrimmedBatch = { deliveries: number; receipts: number };

type Counted = { n: number | string };

/** Deletes up to `limit` deliveries of one campaign and their receipts in one transaction. */
export function trimBatchPostgres(db: Db, campaignId: number, limit: number): Promise<TrimmedBatch> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ id: number }>(
      tx,
      sql`SELECT id FROM deliveries WHERE campaign_id = ${campaignId} ORDER BY subscription_id LIMIT ${limit}
          FOR UPDATE`,
    );
    if (rows.length === 0) return { deliveries: 0, receipts: 0 };
    // one array parameter, not a thousand
    const ids = sql.param(rows.map((row) => Number(row.id)));
    const [receipts] = await queryRows<Counted>(
      tx,
      sql`WITH gone AS (DELETE FROM receipts WHERE delivery_id = ANY(${ids}::bigint[]) RETURNING 1)
          SELECT count(*) AS n FROM gone`,
    );
    const [deliveries] = await queryRows<Counted>(
      tx,
      sql`WITH gone AS (DELETE FROM deliveries WHERE id = ANY(${ids}::bigint[]) RETURNING 1)
          SELECT count(*) AS n FROM gone`,
    );
    return { deliveries: Number(deliveries!.n), receipts: Number(receipts!.n) };
  });
}

/** Deletes up to `limit` throttle rows whose last failure is before `forgottenBefore` and that block nothing. */
export async function trimThrottlePostgres(
  db: Db,
  forgottenBefore: number,
  now: number,
  limit: number,
): Promise<number> {
  const before = new Date(forgottenBefore);
  const at = new Date(now);
  // the condition twice: the outer one is judged again on a row a sign-in changed meanwhile
  const [gone] = await queryRows<Counted>(
    db,
    sql`WITH gone AS (
          DELETE FROM auth_throttle
          WHERE key IN (
              SELECT key FROM auth_throttle
              WHERE last_failure_at < ${before} AND (blocked_until IS NULL OR blocked_until < ${at})
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            AND last_failure_at < ${before} AND (blocked_until IS NULL OR blocked_until < ${at})
          RETURNING 1)
        SELECT count(*) AS n FROM gone`,
  );
  return Number(gone!.n);
}

/** Deletes up to `limit` stored Idempotency-Key answers made before `expiredBefore`. */
export async function trimIdempotencyPostgres(db: Db, expiredBefore: number, limit: number): Promise<number> {
  const [gone] = await queryRows<Counted>(
    db,
    sql`WITH gone AS (
          DELETE FROM idempotency_keys
          WHERE id IN (SELECT id FROM idempotency_keys WHERE created_at < ${new Date(expiredBefore)}
                       LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING 1)
        SELECT count(*) AS n FROM gone`,
  );
  return Number(gone!.n);
}
