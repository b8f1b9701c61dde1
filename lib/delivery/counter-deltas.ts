// Campaign counters on PostgreSQL without a hot row. Every worker of a campaign, and every visitor's
// receipt, changes the same campaign's counters: an UPDATE of the campaign row from each of them made
// that row a lock they all queued on (scripts/bench-record-pg.ts). So on PostgreSQL each transaction
// INSERTs its change as a row of campaign_counter_deltas (inserts of different transactions never wait
// on each other), and a fold moves the pending rows into the campaigns' counters: each sender process
// once a second (lib/sender/runner.ts), and completeCampaign as a campaign turns "sent". Readers that
// must be exact add what is still pending (lib/campaigns/pending-counters.ts).
// SQLite has one writer and no such queue: it keeps updating its counters directly and never calls these.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";

export const COUNTER_DELTA_KEYS = ["accepted", "failed", "expired", "retrying", "shown", "clicked", "closed"] as const;
export type CounterDeltaKey = (typeof COUNTER_DELTA_KEYS)[number];
export type CounterDelta = Partial<Record<CounterDeltaKey, number>>;

/** Adds one delta row per campaign (PostgreSQL): the campaign's share of this transaction's changes. */
export async function addCounterDeltas(
  tx: Db,
  deltas: readonly (CounterDelta & { campaignId: number })[],
  now: number,
): Promise<void> {
  const moving = deltas.filter((d) => COUNTER_DELTA_KEYS.some((k) => (d[k] ?? 0) !== 0));
  if (moving.length === 0) return;
  const values = moving.map(
    (d) =>
      sql`(${d.campaignId}::integer, ${sql.join(
        COUNTER_DELTA_KEYS.map((k) => sql`${d[k] ?? 0}::integer`),
        sql`, `,
      )}, ${now}::bigint)`,
  );
  await queryRows(
    tx,
    sql`INSERT INTO campaign_counter_deltas (campaign_id, accepted, failed, expired, retrying, shown, clicked, closed, created_at)
        VALUES ${sql.join(values, sql`, `)}`,
  );
}

/**
 * Moves every pending delta into its campaign's counters, in one statement; returns how many delta rows
 * it folded (0 on SQLite, which has none). `campaignIds` limits it to those campaigns (completeCampaign).
 *
 * Safe to run from every process at once: the campaign rows are locked first, in id order, and a delta
 * is only taken (FOR UPDATE SKIP LOCKED, then deleted) while its campaign's lock is held — so the folds
 * of one campaign follow each other, none loses or takes twice a delta, and the clamp at 0 (a row that
 * left "retrying" subtracts one) sees every earlier delta: a later fold's UPDATE works on the row as the
 * earlier one committed it. FOR NO KEY UPDATE does not block the foreign-key checks of new delta rows.
 */
export async function foldCounterDeltas(db: Db, campaignIds?: readonly number[]): Promise<number> {
  if (db.engine !== "postgres") return 0;
  const only = campaignIds ? sql`WHERE campaign_id = ANY(${sql.param([...campaignIds])}::integer[])` : sql``;
  const [folded] = await queryRows<{ n: number | string | null }>(
    db,
    sql`WITH locked AS MATERIALIZED (
          SELECT id FROM campaigns WHERE id IN (SELECT campaign_id FROM campaign_counter_deltas ${only})
          ORDER BY id FOR NO KEY UPDATE
        ), taken AS (
          DELETE FROM campaign_counter_deltas
          WHERE id IN (SELECT id FROM campaign_counter_deltas WHERE campaign_id IN (SELECT id FROM locked)
                       FOR UPDATE SKIP LOCKED)
          RETURNING campaign_id, accepted, failed, expired, retrying, shown, clicked, closed
        ), sums AS (
          SELECT campaign_id, count(*) AS n, sum(accepted) AS accepted, sum(failed) AS failed,
                 sum(expired) AS expired, sum(retrying) AS retrying, sum(shown) AS shown,
                 sum(clicked) AS clicked, sum(closed) AS closed
          FROM taken GROUP BY campaign_id
        ), applied AS (
          UPDATE campaigns AS c SET accepted_count = c.accepted_count + s.accepted,
                 failed_count = GREATEST(0, c.failed_count + s.failed), expired_count = c.expired_count + s.expired,
                 retrying_count = GREATEST(0, c.retrying_count + s.retrying), shown_count = c.shown_count + s.shown,
                 clicked_count = c.clicked_count + s.clicked, closed_count = c.closed_count + s.closed
          FROM sums AS s WHERE c.id = s.campaign_id
          RETURNING s.n
        )
        SELECT sum(n) AS n FROM applied`,
  );
  return Number(folded?.n ?? 0);
}
