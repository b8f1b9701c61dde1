// claimDeliveries on PostgreSQL, beside its SQLite twin (./claim.ts), for many workers on many machines.
// One transaction: the due rows are read with FOR UPDATE OF d SKIP LOCKED, so concurrent claims never
// wait on each other nor take the same row — each locks rows no other holds, in the claim index's order
// (as SQLite reads them), and only as many as it can use. The same plan decides (./claim-plan.ts); the writes are one statement per kind
// of decision, over arrays, not one per row. The campaign's counters come last: its row is the one every
// worker shares, locked only from that UPDATE to the COMMIT right after.
//
// No lock on the campaign row itself (it would queue behind every record's counter update): a cancel or
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
    for (;;) {
      const want = Math.min(options.limit - plan.take.length, scanLimitOf(options) - plan.scanned);
      const page = await queryRows<CandidateRow>(
        tx,
        sql`SELECT d.id, d.status, d.subscription_id, d.receipt_token, d.attempts,
                   s.endpoint, s.p256dh, s.auth, s.status AS sub_status, s.push_host
            FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
            WHERE d.campaign_id = ${campaignId} AND d.status IN ('queued', 'retrying') AND d.next_attempt_at <= ${now}
              ${seen.length > 0 ? sql`AND d.id <> ALL(${sql.param(seen)}::bigint[])` : sql``}
            LIMIT ${want}
            FOR UPDATE OF d SKIP LOCKED`,
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
      await queryRows(
        tx,
        sql`UPDATE campaigns SET failed_count = failed_count + ${plan.failed}, expired_count = expired_count + ${plan.expired},
              retrying_count = GREATEST(0, retrying_count - ${plan.leftRetrying}) WHERE id = ${campaignId}`,
      );
    }
    return claimResultOf(plan, campaignId, deadline);
  });
}
