// Retention: the per-delivery history (deliveries and their receipts) of campaigns that finished
// longer ago than the retention period is deleted in small batches, each in its own short transaction
// (IMMEDIATE on SQLite), so the sender and the receipts endpoint never wait long for the write lock or the
// rows. Campaign totals live in the campaigns row (incremental counters), which is never touched here, so
// the funnel and every counter stay exactly as they were.
// Kept on purpose: subscriptions (the subscriber list and growth charts count them), the audit log
// (an owner's security record, written only by admin actions and sign-ins), optin_events (one row per
// day and event: bounded). Sign-in throttle rows the throttle itself has forgotten are deleted too, and
// the API's stored Idempotency-Key answers once their 24 hours are over.
// On SQLite a batch is the sync prepared-statement body below, run when the connection is free; on
// PostgreSQL its twin in ./trim-postgres.ts.
import { and, eq, exists, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { FINAL_CAMPAIGN_STATUSES } from "@/lib/campaigns/state-machine";
import { THROTTLE_FORGET_MS } from "@/lib/auth/throttle";
import { IDEMPOTENCY_WINDOW_MS } from "@/lib/api-notifications/idempotency";
import { trimBatchPostgres, trimIdempotencyPostgres, trimThrottlePostgres, type TrimmedBatch } from "./trim-postgres";

const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_BATCH = 1_000;

export type RetentionOptions = {
  now: Date;
  /** Campaigns finished more than this many days ago lose their per-delivery rows; 0 keeps everything. */
  retentionDays: number;
  /** Most deliveries deleted per transaction (their receipts go with them). */
  batchSize?: number;
  /** Awaited between transactions, so the event loop (and other writers) get their turn. */
  pause?: () => Promise<void>;
  /** Checked between transactions: a stopping process does not wait for a long trim. */
  shouldStop?: () => boolean;
};

export type RetentionReport = {
  campaigns: number;
  deliveries: number;
  receipts: number;
  throttleRows: number;
  idempotencyRows: number;
  batches: number;
  stopped: boolean;
};

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Finished campaigns past the cutoff that still have delivery rows, oldest first. */
export async function campaignsToTrim(db: Db, cutoffMs: number): Promise<number[]> {
  const { campaigns, deliveries } = db.tables;
  const finishedAt = sql`coalesce(${campaigns.completedAt}, ${campaigns.updatedAt})`;
  const rows = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      and(
        inArray(campaigns.status, FINAL_CAMPAIGN_STATUSES),
        // the column encodes the cutoff as each engine stores times (SQLite ms, PostgreSQL timestamptz)
        lt(finishedAt, sql.param(new Date(cutoffMs), campaigns.completedAt)),
        exists(db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.campaignId, campaigns.id))),
      ),
    )
    .orderBy(finishedAt, campaigns.id);
  return rows.map((row) => row.id);
}

/** Deletes up to `limit` deliveries of one campaign and their receipts in one transaction. */
function trimBatchSync(db: SqliteDb, campaignId: number, limit: number): TrimmedBatch {
  return immediate(db, () => {
    const ids = prepared(db, "SELECT id FROM deliveries WHERE campaign_id = ? ORDER BY subscription_id LIMIT ?")
      .pluck()
      .all(campaignId, limit) as number[];
    if (ids.length === 0) return { deliveries: 0, receipts: 0 };
    const list = JSON.stringify(ids);
    const receipts = prepared(db, "DELETE FROM receipts WHERE delivery_id IN (SELECT value FROM json_each(?))").run(
      list,
    ).changes;
    const deliveries = prepared(db, "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))").run(
      list,
    ).changes;
    return { deliveries, receipts };
  });
}

function trimThrottleSync(db: SqliteDb, now: number, limit: number): number {
  return prepared(
    db,
    `DELETE FROM auth_throttle WHERE rowid IN (
       SELECT rowid FROM auth_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?) LIMIT ?)`,
  ).run(now - THROTTLE_FORGET_MS, now, limit).changes;
}

function trimIdempotencySync(db: SqliteDb, expiredBefore: number, limit: number): number {
  return prepared(
    db,
    `DELETE FROM idempotency_keys WHERE id IN (SELECT id FROM idempotency_keys WHERE created_at < ? LIMIT ?)`,
  ).run(expiredBefore, limit).changes;
}

/** The writes of a trim, on whichever engine `db` runs. */
function writesOf(db: Db) {
  const sqlite = syncSqliteOf(db);
  if (!sqlite)
    return {
      batch: (campaignId: number, limit: number) => trimBatchPostgres(db, campaignId, limit),
      throttle: (now: number, limit: number) => trimThrottlePostgres(db, now - THROTTLE_FORGET_MS, now, limit),
      idempotency: (now: number, limit: number) => trimIdempotencyPostgres(db, now - IDEMPOTENCY_WINDOW_MS, limit),
    };
  // the connection is the process's: a batch waits for any transaction holding it, then runs at once
  const gate = gateOf(sqlite.$client);
  return {
    batch: (campaignId: number, limit: number) =>
      Promise.resolve(gate.whenFree(() => trimBatchSync(sqlite, campaignId, limit))),
    throttle: (now: number, limit: number) =>
      Promise.resolve(gate.whenFree(() => trimThrottleSync(sqlite, now, limit))),
    idempotency: (now: number, limit: number) =>
      Promise.resolve(gate.whenFree(() => trimIdempotencySync(sqlite, now - IDEMPOTENCY_WINDOW_MS, limit))),
  };
}

/** Not inside db.transaction: every batch is a transaction of its own. */
export async function trimHistory(db: Db, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_RETENTION_BATCH));
  const pause = options.pause ?? nextTick;
  const shouldStop = options.shouldStop ?? (() => false);
  const now = options.now.getTime();
  const writes = writesOf(db);
  const report: RetentionReport = {
    campaigns: 0,
    deliveries: 0,
    receipts: 0,
    throttleRows: 0,
    idempotencyRows: 0,
    batches: 0,
    stopped: false,
  };

  const between = async () => {
    await pause();
    report.stopped = shouldStop();
    return !report.stopped;
  };

  for (;;) {
    const n = await writes.throttle(now, batchSize);
    report.throttleRows += n;
    if (n > 0) report.batches++;
    if (n < batchSize) break;
    if (!(await between())) return report;
  }
  // stored Idempotency-Key answers live 24 hours whatever the retention period
  for (;;) {
    const n = await writes.idempotency(now, batchSize);
    report.idempotencyRows += n;
    if (n > 0) report.batches++;
    if (n < batchSize) break;
    if (!(await between())) return report;
  }
  if (options.retentionDays <= 0) return report;

  for (const campaignId of await campaignsToTrim(db, now - options.retentionDays * DAY_MS)) {
    report.campaigns++;
    for (;;) {
      if (!(await between())) return report;
      const batch = await writes.batch(campaignId, batchSize);
      report.batches++;
      report.deliveries += batch.deliveries;
      report.receipts += batch.receipts;
      if (batch.deliveries < batchSize) break;
    }
  }
  return report;
}
