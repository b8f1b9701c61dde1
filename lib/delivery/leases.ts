// Rows still "sending" whose lease ran out belong to a worker that died or hung: they go back to the
// queue (or to "cancelled" if their campaign was cancelled meanwhile). Their attempt stays counted.
import type { Db } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";

export function recoverExpiredLeases(db: Db, now: number): number {
  return immediate(
    db,
    () =>
      prepared(
        db,
        `UPDATE deliveries SET
         status = CASE WHEN (SELECT c.status FROM campaigns c WHERE c.id = deliveries.campaign_id) = 'cancelled'
                  THEN 'cancelled' ELSE 'queued' END,
         lease_until = NULL, leased_by = NULL, next_attempt_at = ?, updated_at = ?
       WHERE status = 'sending' AND lease_until < ?`,
      ).run(now, now, now).changes,
  );
}

/**
 * A live worker extends the leases of the rows it is still sending, so a lease can be short (a dead
 * worker's rows come back quickly) while a slow push service may take its full time limit.
 */
export function renewLeases(db: Db, workerId: string, now: number, leaseMs: number): number {
  return prepared(
    db,
    `UPDATE deliveries SET lease_until = ? WHERE status = 'sending' AND lease_until >= ? AND leased_by = ?`,
  ).run(now + leaseMs, now, workerId).changes;
}
