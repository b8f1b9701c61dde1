// A campaign's send rate is spread over the queue itself: each queued row gets its own due time
// (nextAttemptAt), so every worker honours the rate without sharing a clock, and a crash loses nothing.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";

/** Milliseconds between two messages of a campaign sending `perMinute` messages a minute. */
export function paceIntervalMs(perMinute: number | null | undefined): number {
  return perMinute && perMinute > 0 ? 60_000 / perMinute : 0;
}

/**
 * Spreads the campaign's queued rows evenly from `now` on (after a pause, instead of a burst); returns
 * how many it moved. Portable SQL (UPDATE … FROM runs on SQLite and PostgreSQL): the offset is integer
 * arithmetic, (n × 60000) / perMinute, which truncates alike on both, where a float cast rounds on
 * PostgreSQL and truncates on SQLite.
 */
export async function repaceQueuedDeliveries(
  db: Db,
  campaignId: number,
  perMinute: number,
  now: number,
): Promise<number> {
  if (paceIntervalMs(perMinute) === 0) return 0;
  const moved = await queryRows<{ id: number }>(
    db,
    sql`UPDATE deliveries SET next_attempt_at = CAST(${now} AS BIGINT) + ((r.rn - 1) * 60000) / CAST(${Math.trunc(perMinute)} AS BIGINT)
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM deliveries
              WHERE campaign_id = ${campaignId} AND status = 'queued') AS r
        WHERE deliveries.id = r.id
        RETURNING deliveries.id`,
  );
  return moved.length;
}
