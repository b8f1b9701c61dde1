// The claim: in one transaction, due rows of a sending campaign become "sending" under this worker's
// lease. Rows that must not be sent (TTL elapsed, subscription gone) are settled on the way, rows of a
// throttled or auth-flagged origin are deferred, so no later claim scans past them again (./claim-plan.ts
// decides). SQLite: the sync body below, prepared statements in one IMMEDIATE transaction, whose write
// lock keeps two workers off one row. PostgreSQL: ./claim-postgres.ts, with row locks instead.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import {
  campaignDeadline,
  claimPlanner,
  claimResultOf,
  emptyClaim,
  type CandidateRow,
  type ClaimOptions,
  type ClaimResult,
} from "./claim-plan";
import { claimDeliveriesPostgres } from "./claim-postgres";
import { readOriginBlocksSync } from "./origins";

export { campaignDeadline, TTL_ELAPSED_ERROR } from "./claim-plan";
export type { ClaimedDelivery, ClaimOptions, ClaimResult } from "./claim-plan";

export async function claimDeliveries(db: Db, options: ClaimOptions): Promise<ClaimResult> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return claimDeliveriesPostgres(db, options);
  return gateOf(sqlite.$client).whenFree(() => claimDeliveriesSync(sqlite, options));
}

/** claimDeliveries on the sync SQLite database (also for SQLite-only tests and fixtures). */
export function claimDeliveriesSync(db: SqliteDb, options: ClaimOptions): ClaimResult {
  const { campaignId, workerId, limit, now, leaseMs } = options;
  if (limit <= 0) return emptyClaim();
  return immediate(db, () => {
    const campaign = prepared(db, `SELECT status, started_at, ttl FROM campaigns WHERE id = ?`).get(campaignId) as
      { status: string; started_at: number | null; ttl: number } | undefined;
    if (!campaign || campaign.status !== "sending") return emptyClaim();
    const deadline = campaignDeadline(campaign.started_at, campaign.ttl);
    const { plan, consider } = claimPlanner(
      options,
      { startedAt: campaign.started_at, deadline },
      readOriginBlocksSync(db, now),
    );
    const candidates = prepared(
      db,
      `SELECT d.id, d.status, d.subscription_id, d.receipt_token, d.attempts,
              s.endpoint, s.p256dh, s.auth, s.status AS sub_status, s.push_host
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
       WHERE d.campaign_id = ? AND d.status IN ('queued', 'retrying') AND d.next_attempt_at <= ?`,
    );
    // Decide while reading lazily (stop as soon as the batch is full), write once the cursor is closed:
    // better-sqlite3 allows no other statement on the connection while one is iterating.
    for (const row of candidates.iterate(campaignId, now) as IterableIterator<CandidateRow>) {
      if (consider(row)) break;
    }

    const claimRow = prepared(
      db,
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = ?, leased_by = ?, updated_at = ?
       WHERE id = ?`,
    );
    const settleRow = prepared(
      db,
      `UPDATE deliveries SET status = ?, error = ?, lease_until = NULL, leased_by = NULL, updated_at = ? WHERE id = ?`,
    );
    const deferRow = prepared(db, `UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE id = ?`);
    for (const { status, error, id } of plan.settle) settleRow.run(status, error, now, id);
    for (const { until, id } of plan.defer) deferRow.run(until, now, id);
    for (const row of plan.take) claimRow.run(now + leaseMs, workerId, now, row.id);
    if (plan.failed || plan.expired || plan.leftRetrying) {
      prepared(
        db,
        `UPDATE campaigns SET failed_count = failed_count + ?, expired_count = expired_count + ?,
           retrying_count = max(0, retrying_count - ?) WHERE id = ?`,
      ).run(plan.failed, plan.expired, plan.leftRetrying, campaignId);
    }
    return claimResultOf(plan, campaignId, deadline);
  });
}
