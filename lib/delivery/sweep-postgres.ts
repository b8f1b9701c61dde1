// failElapsedDeliveries on PostgreSQL, beside its SQLite twin (./sweep.ts), in one transaction. The rows
// are taken with FOR UPDATE SKIP LOCKED: a row a claim holds right now is settled by that claim (it
// fails TTL-elapsed rows itself) or by the next sweep, so the sweep never waits on a worker. The
// campaign's counters change by a delta row, as in every queue transaction (./counter-deltas.ts).
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import { campaignDeadline, TTL_ELAPSED_ERROR } from "./claim-plan";
import { addCounterDeltas } from "./counter-deltas";

export function failElapsedDeliveriesPostgres(db: Db, campaignId: number, now: number): Promise<number> {
  return db.transaction(async (tx) => {
    const [campaign] = await queryRows<{ status: string; started_at: Date | string | null; ttl: number | string }>(
      tx,
      sql`SELECT status, started_at, ttl FROM campaigns WHERE id = ${campaignId}`,
    );
    if (!campaign || (campaign.status !== "sending" && campaign.status !== "paused")) return 0;
    const startedAt = campaign.started_at === null ? null : new Date(campaign.started_at).getTime();
    const deadline = campaignDeadline(startedAt, Number(campaign.ttl));
    if (deadline === null || now <= deadline) return 0;
    const [counts] = await queryRows<{ failed: number | string; retrying: number | string }>(
      tx,
      sql`WITH due AS (
            SELECT id, status FROM deliveries
            WHERE campaign_id = ${campaignId} AND status IN ('queued', 'retrying') FOR UPDATE SKIP LOCKED
          ), failed AS (
            UPDATE deliveries AS d SET status = 'failed', error = ${TTL_ELAPSED_ERROR}, updated_at = ${now}
            FROM due WHERE d.id = due.id
            RETURNING due.status AS was
          )
          SELECT count(*) AS failed, count(*) FILTER (WHERE was = 'retrying') AS retrying FROM failed`,
    );
    const failed = Number(counts?.failed ?? 0);
    const retrying = Number(counts?.retrying ?? 0);
    if (failed > 0) {
      await addCounterDeltas(tx, [{ campaignId, failed, retrying: -retrying }], now);
    }
    return failed;
  });
}
