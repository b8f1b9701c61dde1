// Lease recovery and renewal on PostgreSQL, beside the SQLite statements (./leases.ts). Several sender
// processes recover at once, and a worker renews while its own answers are being recorded: each takes
// only rows no other transaction holds (FOR UPDATE SKIP LOCKED), so none waits on another, and two
// statements locking many rows in different orders cannot deadlock. A skipped row is being written right
// now (a record finishing it, another recovery); the next round looks at it again if it still needs to.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { HeldRows } from "./leases";

/** Runs an UPDATE … RETURNING 1 and answers how many rows it changed. */
export async function countChanged(db: Db, update: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`WITH changed AS (${update}) SELECT count(*) AS n FROM changed`,
  );
  return Number(row?.n ?? 0);
}

export function recoverExpiredLeasesPostgres(db: Db, now: number, keep?: HeldRows): Promise<number> {
  const held =
    keep && keep.ids.length > 0
      ? sql`AND NOT (leased_by = ${keep.workerId} AND id = ANY(${sql.param(keep.ids)}::bigint[]))`
      : sql``;
  return countChanged(
    db,
    sql`WITH expired AS (
          SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < ${now} ${held}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE deliveries AS d SET
          status = CASE WHEN c.status = 'cancelled' THEN 'cancelled' ELSE 'queued' END,
          lease_until = NULL, leased_by = NULL, next_attempt_at = ${now}, updated_at = ${now}
        FROM expired, campaigns c
        WHERE d.id = expired.id AND c.id = d.campaign_id
        RETURNING 1`,
  );
}

export function renewLeasesPostgres(
  db: Db,
  workerId: string,
  ids: readonly number[],
  now: number,
  leaseMs: number,
): Promise<number> {
  return countChanged(
    db,
    sql`WITH mine AS (
          SELECT id FROM deliveries
          WHERE id = ANY(${sql.param(ids)}::bigint[]) AND status = 'sending' AND leased_by = ${workerId}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE deliveries AS d SET lease_until = ${now + leaseMs} FROM mine WHERE d.id = mine.id
        RETURNING 1`,
  );
}
