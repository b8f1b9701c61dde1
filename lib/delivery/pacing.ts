// A campaign's send rate is spread over the queue itself: each queued row gets its own due time
// (nextAttemptAt), so every worker honours the rate without sharing a clock, and a crash loses nothing.
import type { Db } from "@/lib/db/client";

/** Milliseconds between two messages of a campaign sending `perMinute` messages a minute. */
export function paceIntervalMs(perMinute: number | null | undefined): number {
  return perMinute && perMinute > 0 ? 60_000 / perMinute : 0;
}

/** Spreads the campaign's queued rows evenly from `now` on (after a pause, instead of a burst). */
export function repaceQueuedDeliveries(db: Db, campaignId: number, perMinute: number, now: number): number {
  const interval = paceIntervalMs(perMinute);
  if (interval === 0) return 0;
  return db.$client
    .prepare(
      `UPDATE deliveries SET next_attempt_at = ? + CAST((r.rn - 1) * ? AS INTEGER)
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM deliveries
             WHERE campaign_id = ? AND status = 'queued') AS r
       WHERE deliveries.id = r.id`,
    )
    .run(now, interval, campaignId).changes;
}
