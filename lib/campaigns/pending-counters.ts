// Exact counters on PostgreSQL: a campaign's row lags its counter deltas by up to a fold (about a
// second, lib/delivery/counter-deltas.ts), so a reader adds the pending ones. One correlated subquery
// per campaign over the deltas' campaign index, in the same statement as the row: one snapshot sees a
// fold either wholly before or wholly after, never a delta twice or not at all. SQLite has no deltas
// (it updates its counters directly): the column is NULL there and adds nothing.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tables } from "@/lib/db/app-db";
import { COUNTER_DELTA_KEYS, type CounterDeltaKey } from "@/lib/delivery/counter-deltas";

type CampaignRow = Tables["campaigns"]["$inferSelect"];

/** Select it beside a campaign row as `pending`, then pass both to withPendingCounters. */
export function pendingCountersColumn(db: Db): SQL<unknown> {
  if (db.engine !== "postgres") return sql`NULL`;
  const sums = COUNTER_DELTA_KEYS.map((k) => sql`coalesce(sum(d.${sql.identifier(k)}), 0)`);
  // the outer row by its table's name: drizzle writes a lone table's own columns unqualified, which the
  // subquery would read as the delta's id
  return sql`(SELECT json_build_array(${sql.join(sums, sql`, `)}) FROM campaign_counter_deltas AS d
              WHERE d.campaign_id = "campaigns"."id")`;
}

/** The row with its pending deltas added, clamped as the fold clamps them. */
export function withPendingCounters<R extends CampaignRow>(row: R, pending: unknown): R {
  if (!Array.isArray(pending)) return row;
  const p = (key: CounterDeltaKey) => Number(pending[COUNTER_DELTA_KEYS.indexOf(key)] ?? 0);
  return {
    ...row,
    acceptedCount: row.acceptedCount + p("accepted"),
    failedCount: Math.max(0, row.failedCount + p("failed")),
    expiredCount: row.expiredCount + p("expired"),
    retryingCount: Math.max(0, row.retryingCount + p("retrying")),
    shownCount: row.shownCount + p("shown"),
    clickedCount: row.clickedCount + p("clicked"),
    closedCount: row.closedCount + p("closed"),
  };
}

/** One campaign's row with exact counters (undefined: no such campaign). */
export async function exactCampaignRow(db: Db, id: number): Promise<CampaignRow | undefined> {
  const { campaigns } = db.tables;
  const [found] = await db
    .select({ row: campaigns, pending: pendingCountersColumn(db) })
    .from(campaigns)
    .where(eq(campaigns.id, id))
    .limit(1);
  return found && withPendingCounters(found.row, found.pending);
}
