// Retention: the per-delivery history (deliveries and their receipts) of campaigns that finished
// longer ago than the retention period is deleted in small batches, each in its own short IMMEDIATE
// transaction, so the sender and the receipts endpoint never wait long for the write lock. Campaign
// totals live in the campaigns row (incremental counters), which is never touched here, so the funnel
// and every counter stay exactly as they were.
// Kept on purpose: subscriptions (the subscriber list and growth charts count them), the audit log
// (an owner's security record, written only by admin actions and sign-ins), optin_events (one row per
// day and event: bounded). Sign-in throttle rows the throttle itself has forgotten are deleted too.
import type { Db } from "@/lib/db/client";
import { FINAL_CAMPAIGN_STATUSES } from "@/lib/campaigns/state-machine";
import { THROTTLE_FORGET_MS } from "@/lib/auth/throttle";

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
  batches: number;
  stopped: boolean;
};

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Finished campaigns past the cutoff that still have delivery rows, oldest first. */
export function campaignsToTrim(db: Db, cutoffMs: number): number[] {
  const statuses = JSON.stringify(FINAL_CAMPAIGN_STATUSES);
  return db.$client
    .prepare(
      `SELECT id FROM campaigns
       WHERE status IN (SELECT value FROM json_each(?)) AND coalesce(completed_at, updated_at) < ?
         AND EXISTS (SELECT 1 FROM deliveries WHERE deliveries.campaign_id = campaigns.id)
       ORDER BY coalesce(completed_at, updated_at), id`,
    )
    .pluck()
    .all(statuses, cutoffMs) as number[];
}

/** Deletes up to `limit` deliveries of one campaign and their receipts in one transaction. */
function trimBatch(db: Db, campaignId: number, limit: number): { deliveries: number; receipts: number } {
  const client = db.$client;
  return client
    .transaction(() => {
      const ids = client
        .prepare("SELECT id FROM deliveries WHERE campaign_id = ? ORDER BY subscription_id LIMIT ?")
        .pluck()
        .all(campaignId, limit) as number[];
      if (ids.length === 0) return { deliveries: 0, receipts: 0 };
      const list = JSON.stringify(ids);
      const receipts = client
        .prepare("DELETE FROM receipts WHERE delivery_id IN (SELECT value FROM json_each(?))")
        .run(list).changes;
      const deliveries = client
        .prepare("DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))")
        .run(list).changes;
      return { deliveries, receipts };
    })
    .immediate();
}

function trimThrottle(db: Db, now: number, limit: number): number {
  return db.$client
    .prepare(
      `DELETE FROM auth_throttle WHERE rowid IN (
         SELECT rowid FROM auth_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?) LIMIT ?)`,
    )
    .run(now - THROTTLE_FORGET_MS, now, limit).changes;
}

export async function trimHistory(db: Db, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_RETENTION_BATCH));
  const pause = options.pause ?? nextTick;
  const shouldStop = options.shouldStop ?? (() => false);
  const now = options.now.getTime();
  const report: RetentionReport = {
    campaigns: 0,
    deliveries: 0,
    receipts: 0,
    throttleRows: 0,
    batches: 0,
    stopped: false,
  };

  const between = async () => {
    await pause();
    report.stopped = shouldStop();
    return !report.stopped;
  };

  for (;;) {
    const n = trimThrottle(db, now, batchSize);
    report.throttleRows += n;
    if (n > 0) report.batches++;
    if (n < batchSize) break;
    if (!(await between())) return report;
  }
  if (options.retentionDays <= 0) return report;

  for (const campaignId of campaignsToTrim(db, now - options.retentionDays * DAY_MS)) {
    report.campaigns++;
    for (;;) {
      if (!(await between())) return report;
      const batch = trimBatch(db, campaignId, batchSize);
      report.batches++;
      report.deliveries += batch.deliveries;
      report.receipts += batch.receipts;
      if (batch.deliveries < batchSize) break;
    }
  }
  return report;
}
