// Recording a batch of answers in one transaction: each delivery's new state, the campaign counters
// (incremental, so dashboards never count deliveries), gone subscriptions, and per-origin state.
import type { Db } from "@/lib/db/client";
import type { DeliveryStatus } from "@/lib/db/schema/enums";
import type { PushOutcome } from "@/lib/push/types";
import { immediate, prepared } from "@/lib/db/prepared";
import {
  backoffDelayMs,
  retryAfterDelayMs,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type BackoffOptions,
} from "./backoff";
import { applyOriginNotes, newOriginNote, DEFAULT_AUTH_RUN_LIMIT, type OriginBatchNote } from "./origins";
import { TTL_ELAPSED_ERROR, type ClaimedDelivery } from "./claim";

export type DeliveryResult = { delivery: ClaimedDelivery; outcome: PushOutcome };

export type RecordOptions = {
  workerId: string;
  now: number;
  random?: () => number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  authRunLimit?: number;
};

/** What became of one result; `stale` when the lease was lost (another worker owns the row now). */
// leased_by stays on answered rows: it names the worker that sent the last attempt (support, tests).
export type RecordedResult = { deliveryId: number; campaignId: number; status: DeliveryStatus; stale: boolean };

type Counters = { accepted: number; failed: number; expired: number; retrying: number };

const MAX_ERROR_LENGTH = 500;

function clip(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

export function recordOutcomes(db: Db, results: readonly DeliveryResult[], options: RecordOptions): RecordedResult[] {
  if (results.length === 0) return [];
  const { workerId, now } = options;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
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
    const counters = new Map<number, Counters>();
    const notes = new Map<string, OriginBatchNote>();
    const recorded: RecordedResult[] = [];

    for (const { delivery: d, outcome } of results) {
      const note = notes.get(d.origin) ?? newOriginNote();
      notes.set(d.origin, note);
      note.lastStatusCode = outcome.statusCode ?? note.lastStatusCode;
      const authFailure = outcome.kind === "failed" && outcome.authProblem;
      if (authFailure) note.authRun++;
      else if (outcome.statusCode !== undefined) {
        note.reset = true;
        note.authRun = 0;
      }

      let status: DeliveryStatus;
      let changes: number;
      if (outcome.kind === "accepted") {
        status = "accepted";
        changes = finish.run(status, outcome.statusCode, null, now, now, d.id, workerId).changes;
      } else if (outcome.kind === "expired") {
        status = "expired";
        changes = finish.run(
          status,
          outcome.statusCode,
          `push service answered ${outcome.statusCode}: subscription gone`,
          null,
          now,
          d.id,
          workerId,
        ).changes;
        if (changes) expireSubscription.run(now, now, d.subscriptionId);
      } else if (outcome.kind === "failed") {
        status = "failed";
        changes = finish.run(
          status,
          outcome.statusCode ?? null,
          clip(outcome.error),
          null,
          now,
          d.id,
          workerId,
        ).changes;
      } else {
        const delay =
          outcome.retryAfterMs !== undefined
            ? retryAfterDelayMs(outcome.retryAfterMs, random)
            : backoffDelayMs(d.attempts, random, backoff);
        const nextAt = now + delay;
        if (outcome.originThrottled) note.throttleUntil = Math.max(note.throttleUntil ?? 0, nextAt);
        if (d.attempts >= maxAttempts) {
          status = "failed";
          changes = finish.run(
            status,
            outcome.statusCode ?? null,
            clip(`gave up after ${d.attempts} attempts: ${outcome.error}`),
            null,
            now,
            d.id,
            workerId,
          ).changes;
        } else if (d.deadline !== null && nextAt > d.deadline) {
          status = "failed";
          changes = finish.run(
            status,
            outcome.statusCode ?? null,
            clip(`${TTL_ELAPSED_ERROR} (last: ${outcome.error})`),
            null,
            now,
            d.id,
            workerId,
          ).changes;
        } else {
          status = "retrying";
          changes = retry.run(outcome.statusCode ?? null, clip(outcome.error), nextAt, now, d.id, workerId).changes;
        }
      }
      recorded.push({ deliveryId: d.id, campaignId: d.campaignId, status, stale: changes === 0 });
      if (changes === 0) continue;
      const c = counters.get(d.campaignId) ?? { accepted: 0, failed: 0, expired: 0, retrying: 0 };
      counters.set(d.campaignId, c);
      if (status === "accepted") c.accepted++;
      else if (status === "failed") c.failed++;
      else if (status === "expired") c.expired++;
      else if (status === "retrying") c.retrying++;
    }

    const bump = prepared(
      db,
      `UPDATE campaigns SET accepted_count = accepted_count + ?, failed_count = failed_count + ?,
         expired_count = expired_count + ?, retrying_count = retrying_count + ? WHERE id = ?`,
    );
    for (const [campaignId, c] of counters) bump.run(c.accepted, c.failed, c.expired, c.retrying, campaignId);
    applyOriginNotes(db, notes, now, options.authRunLimit ?? DEFAULT_AUTH_RUN_LIMIT);
    return recorded;
  });
}
