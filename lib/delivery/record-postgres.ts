// recordOutcomes on PostgreSQL, beside its SQLite twin (./record.ts): one transaction per batch, the
// same verdicts (./record-plan.ts), written set-based. Many workers record at once; what they share is
// locked in one order, briefly:
// - the deliveries: one UPDATE over arrays, guarded by status = 'sending' AND leased_by = this worker;
//   RETURNING names the rows still ours, the others are stale (the lease was lost) and change nothing.
// - gone subscriptions, then origin notes (./origins-postgres.ts), each in key order.
// - the campaign counters: not the campaign row, which every worker of a campaign would queue on, but a
//   delta row per campaign, folded into it later (./counter-deltas.ts); inserts never wait on each other.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import { addCounterDeltas } from "./counter-deltas";
import { DEFAULT_AUTH_RUN_LIMIT } from "./origins";
import { applyOriginNotesPostgres } from "./origins-postgres";
import {
  recordJudge,
  tally,
  type Counters,
  type DeliveryResult,
  type RecordedResult,
  type RecordOptions,
} from "./record-plan";

export function recordOutcomesPostgres(
  db: Db,
  results: readonly DeliveryResult[],
  options: RecordOptions,
): Promise<RecordedResult[]> {
  if (results.length === 0) return Promise.resolve([]);
  const { workerId, now } = options;
  const { judge, notes } = recordJudge(options);
  const verdicts = results.map(judge);
  const column = <T>(pick: (i: number) => T) => sql.param(verdicts.map((_, i) => pick(i)));
  return db.transaction(async (tx) => {
    const fresh = await queryRows<{ id: number }>(
      tx,
      sql`UPDATE deliveries AS d SET status = u.status, status_code = u.status_code, error = u.error,
            accepted_at = u.accepted_at, next_attempt_at = coalesce(u.next_attempt_at, d.next_attempt_at),
            lease_until = NULL, updated_at = ${now}
          FROM unnest(${column((i) => results[i]!.delivery.id)}::bigint[],
                      ${column((i) => verdicts[i]!.status)}::text[],
                      ${column((i) => verdicts[i]!.statusCode)}::integer[],
                      ${column((i) => verdicts[i]!.error)}::text[],
                      ${column((i) => verdicts[i]!.acceptedAt)}::bigint[],
                      ${column((i) => verdicts[i]!.nextAttemptAt)}::bigint[])
            AS u(id, status, status_code, error, accepted_at, next_attempt_at)
          WHERE d.id = u.id AND d.status = 'sending' AND d.leased_by = ${workerId}
          RETURNING d.id`,
    );
    const ours = new Set(fresh.map((r) => Number(r.id)));
    const counters = new Map<number, Counters>();
    const gone: number[] = [];
    const recorded = results.map(({ delivery: d }, i): RecordedResult => {
      const { status } = verdicts[i]!;
      // delete: a delivery twice in one batch counts once, as on SQLite (where the second finds it answered)
      const stale = !ours.delete(d.id);
      if (!stale) {
        tally(counters, d.campaignId, status);
        if (status === "expired") gone.push(d.subscriptionId);
      }
      return { deliveryId: d.id, campaignId: d.campaignId, status, stale };
    });

    if (gone.length > 0) {
      const at = new Date(now); // a subscription's times are timestamptz here
      await queryRows(
        tx,
        sql`UPDATE subscriptions SET status = 'expired', expired_at = ${at}, updated_at = ${at}
            WHERE id = ANY(${sql.param(gone.sort((a, b) => a - b))}::integer[]) AND status = 'active'`,
      );
    }
    await applyOriginNotesPostgres(tx, notes, now, options.authRunLimit ?? DEFAULT_AUTH_RUN_LIMIT);
    // one delta row per campaign, not an UPDATE of the campaign row every worker shares (./counter-deltas.ts)
    const deltas = [...counters].map(([campaignId, c]) => ({ campaignId, ...c }));
    await addCounterDeltas(
      tx,
      deltas.sort((a, b) => a.campaignId - b.campaignId),
      now,
    );
    return recorded;
  });
}
