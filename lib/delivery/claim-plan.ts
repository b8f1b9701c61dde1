// What a claim decides about each due row, the same on both engines (./claim.ts runs it over SQLite's
// lazy cursor, ./claim-postgres.ts over the rows it locked): take it, settle it without sending (TTL
// elapsed, subscription gone) or defer it (its origin is throttled or auth-flagged). Rows of an origin
// without a free slot are left as they are, for a later claim.
import type { PushTarget } from "@/lib/push/types";
import { AUTH_FLAG_RECHECK_MS, originOfHost, type OriginBlock } from "./origins";

export const TTL_ELAPSED_ERROR = "TTL elapsed before delivery";

export type ClaimedDelivery = {
  id: number;
  campaignId: number;
  subscriptionId: number;
  receiptToken: string;
  attempts: number; // including this one
  origin: string;
  deadline: number | null; // ms; after it the message is worthless (campaign start + TTL)
  target: PushTarget;
};

export type ClaimOptions = {
  campaignId: number;
  workerId: string;
  limit: number;
  now: number;
  leaseMs: number;
  /** Free request slots per origin in this worker; rows of a full origin are left for later. */
  originSlots?: (origin: string) => number;
  /** How many due rows one claim may look at (defaults to 2 × limit + 16). */
  scanLimit?: number;
};

export type ClaimResult = { claimed: ClaimedDelivery[]; settled: number; deferred: number; scanned: number };

export const emptyClaim = (): ClaimResult => ({ claimed: [], settled: 0, deferred: 0, scanned: 0 });

export type CandidateRow = {
  id: number;
  status: "queued" | "retrying";
  subscription_id: number;
  receipt_token: string;
  attempts: number;
  endpoint: string;
  p256dh: string | null;
  auth: string | null;
  sub_status: string;
  push_host: string;
};

export type SettledRow = { status: "failed" | "expired" | "cancelled"; error: string; id: number };
export type DeferredRow = { until: number; id: number };

export type ClaimPlan = {
  take: CandidateRow[];
  settle: SettledRow[];
  defer: DeferredRow[];
  scanned: number;
  /** What the campaign's counters gain: settled rows, and retrying rows that leave "retrying". */
  failed: number;
  expired: number;
  leftRetrying: number;
};

export function campaignDeadline(startedAt: number | null, ttlSeconds: number): number | null {
  return ttlSeconds > 0 && startedAt !== null ? startedAt + ttlSeconds * 1000 : null;
}

export function scanLimitOf(options: ClaimOptions): number {
  return options.scanLimit ?? options.limit * 2 + 16;
}

/** A plan to feed rows to, in the queue's order: `consider` answers true once the plan is full. */
export function claimPlanner(
  options: ClaimOptions,
  campaign: { startedAt: number | null; deadline: number | null },
  blocks: Map<string, OriginBlock>,
) {
  const { limit, now, originSlots } = options;
  const scanLimit = scanLimitOf(options);
  const startedAt = campaign.startedAt ?? 0;
  const { deadline } = campaign;
  const plan: ClaimPlan = { take: [], settle: [], defer: [], scanned: 0, failed: 0, expired: 0, leftRetrying: 0 };
  const taken = new Map<string, number>();
  const settle = (row: CandidateRow, status: SettledRow["status"], error: string) => {
    plan.settle.push({ status, error, id: row.id });
    if (row.status === "retrying") plan.leftRetrying++;
    if (status === "failed") plan.failed++;
    else if (status === "expired") plan.expired++;
  };
  const consider = (row: CandidateRow): boolean => {
    plan.scanned++;
    if (deadline !== null && now > deadline) {
      settle(row, "failed", TTL_ELAPSED_ERROR);
    } else if (row.sub_status !== "active" || !row.p256dh || !row.auth) {
      // an earlier campaign found it gone, or the visitor left: never send to it again
      const gone = row.sub_status === "expired";
      settle(row, gone ? "expired" : "cancelled", gone ? "subscription expired" : "subscription unsubscribed");
    } else {
      const origin = originOfHost(row.push_host);
      const block = blocks.get(origin);
      const used = taken.get(origin) ?? 0;
      if (block?.retryAfterUntil && block.retryAfterUntil > now)
        plan.defer.push({ until: block.retryAfterUntil, id: row.id });
      else if (block?.authFlaggedAt && block.authFlaggedAt >= startedAt)
        plan.defer.push({ until: now + AUTH_FLAG_RECHECK_MS, id: row.id });
      else if (!originSlots || used < originSlots(origin)) {
        taken.set(origin, used + 1);
        plan.take.push(row);
        if (row.status === "retrying") plan.leftRetrying++;
      }
    }
    return plan.take.length >= limit || plan.scanned >= scanLimit;
  };
  return { plan, consider };
}

/** A taken row as the sender gets it. */
export function claimedOf(row: CandidateRow, campaignId: number, deadline: number | null): ClaimedDelivery {
  return {
    id: row.id,
    campaignId,
    subscriptionId: row.subscription_id,
    receiptToken: row.receipt_token,
    attempts: row.attempts + 1,
    origin: originOfHost(row.push_host),
    deadline,
    target: { endpoint: row.endpoint, p256dh: row.p256dh!, auth: row.auth! },
  };
}

export function claimResultOf(plan: ClaimPlan, campaignId: number, deadline: number | null): ClaimResult {
  return {
    claimed: plan.take.map((row) => claimedOf(row, campaignId, deadline)),
    settled: plan.settle.length,
    deferred: plan.defer.length,
    scanned: plan.scanned,
  };
}
