// claimDeliveries on PostgreSQL, beside its SQLite twin (./claim.ts), for many workers on many machines.
// One transaction: the due rows are read with FOR UPDATE SKIP LOCKED, so concurrent claims never
// wait on each other nor take the same row — each locks rows no other holds, in the claim index's order
// (as SQLite reads them), and only as many as it can use. The same plan decides (./claim-plan.ts); the writes are one statement per kind
// of decision, over arrays, not one per row. The campaign's counters change by a delta row (./counter-deltas.ts),
// not by an UPDATE of the campaign row every worker shares.
//
// No lock on the campaign row itself (it would queue behind an admin's move, or a fold): a cancel or
// pause that commits while a claim runs orders after it, and the rows it claimed are "sending" as if the
// claim had come first — the runner and lease recovery handle those as they do on SQLite.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import {
  campaignDeadline,
  claimPlanner,
  claimResultOf,
  emptyClaim,
  scanLimitOf,
  type CandidateRow,
  type ClaimOptions,
  type ClaimResult,
} from "./claim-plan";
import { addCounterDeltas } from "./counter-deltas";
import { readOriginBlocksPostgres } from "./origins-postgres";

type CampaignRow = { status: string; started_at: Date | string | null; ttl: number | string };

/** pg's bigint parser makes numbers of ids (lib/db/pg-client.ts); Number() keeps that true whatever the parser. */
function candidateOf(row: CandidateRow): CandidateRow {
  return { ...row, id: Number(row.id), subscription_id: Number(row.subscription_id), attempts: Number(row.attempts) };
}

export function claimDeliveriesPostgres(db: Db, options: ClaimOptions): Promise<ClaimResult> {
  const { campaignId, workerId, limit, now, leaseMs } = options;
  if (limit <= 0) return Promise.resolve(emptyClaim());
  return db.transaction(async (tx) => {
    const [campaign] = await queryRows<CampaignRow>(
      tx,
      sql`SELECT status, started_at, ttl FROM campaigns WHERE id = ${campaignId}`,
    );
    if (!campaign || campaign.status !== "sending") return emptyClaim();
    // campaigns' times are timestamptz here, the queue's are integer milliseconds on both engines
    const startedAt = campaign.started_at === null ? null : new Date(campaign.started_at).getTime();
    const deadline = campaignDeadline(startedAt, Number(campaign.ttl));
    const blocks = await readOriginBlocksPostgres(tx, now);
    const { plan, consider } = claimPlanner(options, { startedAt, deadline }, blocks);

    // Lock no more rows than the plan can still use: a row locked but left alone would be skipped by
    // every other claim until this one commits. So pages of what is still missing, usually just one; a
    // page of settled or deferred rows asks for the next, past the rows already seen (not yet updated).
    const seen: number[] = [];
    // One status at a time, in next_attempt_at order: the claim index (campaign, status, next attempt)
    // serves each exactly, as SQLite reads it. (Both statuses at once, with only a LIMIT, the planner may
    // pick a scan that filters past every finished row of a big campaign, expecting the due ones anywhere.)
    // Locks are taken as rows are read, and "retrying" is only read if "queued" falls short.
    const due = (status: "queued" | "retrying", want: number) =>
      sql`SELECT id, status, subscription_id, receipt_token, attempts, next_attempt_at FROM deliveries
          WHERE campaign_id = ${campaignId} AND status = ${status} AND next_attempt_at <= ${now}
            ${seen.length > 0 ? sql`AND id <> ALL(${sql.param(seen)}::bigint[])` : sql``}
          ORDER BY next_attempt_at LIMIT ${want} FOR UPDATE SKIP LOCKED`;
    for (;;) {
      const want = Math.min(limit - plan.take.length, scanLimitOf(options) - plan.scanned);
      const page = await queryRows<CandidateRow>(
        tx,
        sql`WITH queued AS MATERIALIZED (${due("queued", want)}),
                 retrying AS MATERIALIZED (${due("retrying", want)}),
              picked AS (SELECT * FROM queued UNION ALL SELECT * FROM retrying LIMIT ${want})
            SELECT d.id, d.status, d.subscription_id, d.receipt_token, d.attempts,
                   s.endpoint, s.p256dh, s.auth, s.status AS sub_status, s.push_host
            FROM picked d JOIN subscriptions s ON s.id = d.subscription_id
            ORDER BY d.status, d.next_attempt_at, d.id`,
      );
      let full = false;
      for (const row of page) {
        const candidate = candidateOf(row);
        seen.push(candidate.id);
        if ((full = consider(candidate))) break;
      }
      if (full || page.length < want) break;
    }

    if (plan.settle.length > 0) {
      await queryRows(
        tx,
        sql`UPDATE deliveries AS d SET status = u.status, error = u.error, lease_until = NULL, leased_by = NULL,
              updated_at = ${now}
            FROM unnest(${sql.param(plan.settle.map((r) => r.id))}::bigint[],
                        ${sql.param(plan.settle.map((r) => r.status))}::text[],
                        ${sql.param(plan.settle.map((r) => r.error))}::text[]) AS u(id, status, error)
            WHERE d.id = u.id`,
      );
    }
    if (plan.defer.length > 0) {
      await queryRows(
        tx,
        sql`UPDATE deliveries AS d SET next_attempt_at = u.until, updated_at = ${now}
            FROM unnest(${sql.param(plan.defer.map((r) => r.id))}::bigint[],
                        ${sql.param(plan.defer.map((r) => r.until))}::bigint[]) AS u(id, until)
            WHERE d.id = u.id`,
      );
    }
    if (plan.take.length > 0) {
      await queryRows(
        tx,
        sql`UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = ${now + leaseMs},
              leased_by = ${workerId}, updated_at = ${now}
            WHERE id = ANY(${sql.param(plan.take.map((r) => r.id))}::bigint[])`,
      );
    }
    if (plan.failed || plan.expired || plan.leftRetrying) {
      // the clamp at 0 (SQLite's max(0, …)) is the fold's (./counter-deltas.ts)
      const delta = { campaignId, failed: plan.failed, expired: plan.expired, retrying: -plan.leftRetrying };
      await addCounterDeltas(tx, [delta], now);
    }
    return claimResultOf(plan, campaignId, deadline);
  });
}
