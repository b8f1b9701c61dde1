// Recording a batch of answers in one transaction: each delivery's new state, the campaign counters
// (incremental, so dashboards never count deliveries), gone subscriptions, and per-origin state.
// ./record-plan.ts judges each answer; SQLite writes it with the prepared statements below in one
// IMMEDIATE transaction, PostgreSQL with set-based statements in ./record-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { applyOriginNotesSync, DEFAULT_AUTH_RUN_LIMIT } from "./origins";
import {
  recordJudge,
  tally,
  type Counters,
  type DeliveryResult,
  type RecordedResult,
  type RecordOptions,
} from "./record-plan";
import { recordOutcomesPostgres } from "./record-postgres";

export type { DeliveryResult, RecordedResult, RecordOptions } from "./record-plan";

export async function recordOutcomes(
  db: Db,
  results: readonly DeliveryResult[],
  options: RecordOptions,
): Promise<RecordedResult[]> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return recordOutcomesPostgres(db, results, options);
  return gateOf(sqlite.$client).whenFree(() => recordOutcomesSync(sqlite, results, options));
}

/** recordOutcomes on the sync SQLite database (also for SQLite-only tests and fixtures). */
export function recordOutcomesSync(
  db: SqliteDb,
  results: readonly DeliveryResult[],
  options: RecordOptions,
): RecordedResult[] {
  if (results.length === 0) return [];
  const { workerId, now } = options;
  return immediate(db, () => {
    const finish = prepared(
      db,
      `UPDATE deliveries SET status = ?, status_code = ?, error = ?, accepted_at = ?, lease_until = NULL, updated_at = ?
       WHERE id = ? AND status = 'sending' AND leased_by = ?`,
    );
    const retry = prepared(
      db,
      `UPDATE deliveries SET status = 'retrying', status_code = ?, error = ?, next_attempt_at = ?, lease_until = NULL, updated_at = ?
       WHERE id = ? AND status = 'sending' AND leased_by = ?`,
    );
    const expireSubscription = prepared(
      db,
      `UPDATE subscriptions SET status = 'expired', expired_at = ?, updated_at = ? WHERE id = ? AND status = 'active'`,
    );
    const { judge, notes } = recordJudge(options);
    const counters = new Map<number, Counters>();
    const recorded: RecordedResult[] = [];

    for (const result of results) {
      const d = result.delivery;
      const v = judge(result);
      const changes =
        v.status === "retrying"
          ? retry.run(v.statusCode, v.error, v.nextAttemptAt, now, d.id, workerId).changes
          : finish.run(v.status, v.statusCode, v.error, v.acceptedAt, now, d.id, workerId).changes;
      recorded.push({ deliveryId: d.id, campaignId: d.campaignId, status: v.status, stale: changes === 0 });
      if (changes === 0) continue;
      if (v.status === "expired") expireSubscription.run(now, now, d.subscriptionId);
      tally(counters, d.campaignId, v.status);
    }

    const bump = prepared(
      db,
      `UPDATE campaigns SET accepted_count = accepted_count + ?, failed_count = failed_count + ?,
         expired_count = expired_count + ?, retrying_count = retrying_count + ? WHERE id = ?`,
    );
    for (const [campaignId, c] of counters) bump.run(c.accepted, c.failed, c.expired, c.retrying, campaignId);
    applyOriginNotesSync(db, notes, now, options.authRunLimit ?? DEFAULT_AUTH_RUN_LIMIT);
    return recorded;
  });
}
