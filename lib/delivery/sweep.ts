// Rows that no claim will reach in time (a paused campaign, an origin set aside) still end: once the
// campaign's TTL has run out they fail, so the campaign can complete and the counters add up.
// SQLite: the prepared statements below; PostgreSQL: ./sweep-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { campaignDeadline, TTL_ELAPSED_ERROR } from "./claim-plan";
import { failElapsedDeliveriesPostgres } from "./sweep-postgres";

export async function failElapsedDeliveries(db: Db, campaignId: number, now: number): Promise<number> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return failElapsedDeliveriesPostgres(db, campaignId, now);
  return gateOf(sqlite.$client).whenFree(() => failElapsedDeliveriesSync(sqlite, campaignId, now));
}

export function failElapsedDeliveriesSync(db: SqliteDb, campaignId: number, now: number): number {
  return immediate(db, () => {
    const campaign = prepared(db, `SELECT status, started_at, ttl FROM campaigns WHERE id = ?`).get(campaignId) as
      { status: string; started_at: number | null; ttl: number } | undefined;
    if (!campaign || (campaign.status !== "sending" && campaign.status !== "paused")) return 0;
    const deadline = campaignDeadline(campaign.started_at, campaign.ttl);
    if (deadline === null || now <= deadline) return 0;
    const settle = `UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE campaign_id = ? AND status = ?`;
    const retrying = prepared(db, settle).run(TTL_ELAPSED_ERROR, now, campaignId, "retrying").changes;
    const queued = prepared(db, settle).run(TTL_ELAPSED_ERROR, now, campaignId, "queued").changes;
    if (retrying + queued > 0) {
      prepared(
        db,
        `UPDATE campaigns SET failed_count = failed_count + ?, retrying_count = max(0, retrying_count - ?) WHERE id = ?`,
      ).run(retrying + queued, retrying, campaignId);
    }
    return retrying + queued;
  });
}
