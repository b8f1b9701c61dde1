// What an answer makes of its delivery, the same on both engines (./record.ts, ./record-postgres.ts):
// the row's new state, what it tells about its origin, and the campaign counters it moves once the row's
// update proved the lease still ours.
import type { DeliveryStatus } from "@/lib/db/schema/enums";
import type { PushOutcome } from "@/lib/push/types";
import {
  backoffDelayMs,
  retryAfterDelayMs,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type BackoffOptions,
} from "./backoff";
import { TTL_ELAPSED_ERROR, type ClaimedDelivery } from "./claim-plan";
import { newOriginNote, type OriginBatchNote } from "./origins";

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

/** A delivery's new state: "retrying" rows wait until nextAttemptAt, the others are final. */
export type Verdict = {
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  acceptedAt: number | null;
  nextAttemptAt: number | null;
};

export type Counters = { accepted: number; failed: number; expired: number; retrying: number };

const MAX_ERROR_LENGTH = 500;

function clip(error: string): string {
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

/** Judges answers in the order they came: each one's verdict, and per origin what the batch says. */
export function recordJudge(options: RecordOptions) {
  const { now } = options;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const notes = new Map<string, OriginBatchNote>();

  const judge = ({ delivery: d, outcome }: DeliveryResult): Verdict => {
    const note = notes.get(d.origin) ?? newOriginNote();
    notes.set(d.origin, note);
    note.lastStatusCode = outcome.statusCode ?? note.lastStatusCode;
    const authFailure = outcome.kind === "failed" && outcome.authProblem;
    if (authFailure) note.authRun++;
    else if (outcome.statusCode !== undefined) {
      note.reset = true;
      note.authRun = 0;
    }
    const final = (status: DeliveryStatus, error: string | null): Verdict => ({
      status,
      statusCode: outcome.statusCode ?? null,
      error,
      acceptedAt: status === "accepted" ? now : null,
      nextAttemptAt: null,
    });
    if (outcome.kind === "accepted") return final("accepted", null);
    if (outcome.kind === "expired")
      return final("expired", `push service answered ${outcome.statusCode}: subscription gone`);
    if (outcome.kind === "failed") return final("failed", clip(outcome.error));
    const delay =
      outcome.retryAfterMs !== undefined
        ? retryAfterDelayMs(outcome.retryAfterMs, random)
        : backoffDelayMs(d.attempts, random, backoff);
    const nextAt = now + delay;
    if (outcome.originThrottled) note.throttleUntil = Math.max(note.throttleUntil ?? 0, nextAt);
    if (d.attempts >= maxAttempts)
      return final("failed", clip(`gave up after ${d.attempts} attempts: ${outcome.error}`));
    if (d.deadline !== null && nextAt > d.deadline)
      return final("failed", clip(`${TTL_ELAPSED_ERROR} (last: ${outcome.error})`));
    return { ...final("retrying", clip(outcome.error)), nextAttemptAt: nextAt };
  };
  return { judge, notes };
}

/** Adds a fresh (not stale) row's new state to its campaign's counters. */
export function tally(counters: Map<number, Counters>, campaignId: number, status: DeliveryStatus): void {
  let c = counters.get(campaignId);
  if (!c) counters.set(campaignId, (c = { accepted: 0, failed: 0, expired: 0, retrying: 0 }));
  if (status === "accepted") c.accepted++;
  else if (status === "failed") c.failed++;
  else if (status === "expired") c.expired++;
  else if (status === "retrying") c.retrying++;
}
