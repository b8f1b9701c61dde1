// The claim: in one IMMEDIATE transaction, due rows of a sending campaign become "sending" under this
// worker's lease. Rows that must not be sent (TTL elapsed, subscription gone) are settled on the way,
// rows of a throttled or auth-flagged origin are deferred, so no later claim scans past them again.
import type { Db } from "@/lib/db/client";
import type { PushTarget } from "@/lib/push/types";
import { immediate, prepared } from "@/lib/db/prepared";
import { AUTH_FLAG_RECHECK_MS, originOfHost, readOriginBlocks } from "./origins";

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
  /** How many due rows one claim may look at (defaults to 4 × limit). */
  scanLimit?: number;
};

export type ClaimResult = { claimed: ClaimedDelivery[]; settled: number; deferred: number; scanned: number };

type CandidateRow = {
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

export function campaignDeadline(startedAt: number | null, ttlSeconds: number): number | null {
  return ttlSeconds > 0 && startedAt !== null ? startedAt + ttlSeconds * 1000 : null;
}

export function claimDeliveries(db: Db, options: ClaimOptions): ClaimResult {
  const { campaignId, workerId, limit, now, leaseMs } = options;
  const empty: ClaimResult = { claimed: [], settled: 0, deferred: 0, scanned: 0 };
  if (limit <= 0) return empty;
  return immediate(db, () => {
    const campaign = prepared(db, `SELECT status, started_at, ttl FROM campaigns WHERE id = ?`).get(campaignId) as
      { status: string; started_at: number | null; ttl: number } | undefined;
    if (!campaign || campaign.status !== "sending") return empty;
    const deadline = campaignDeadline(campaign.started_at, campaign.ttl);
    const startedAt = campaign.started_at ?? 0;
    const blocks = readOriginBlocks(db, now);
    const candidates = prepared(
      db,
      `SELECT d.id, d.status, d.subscription_id, d.receipt_token, d.attempts,
              s.endpoint, s.p256dh, s.auth, s.status AS sub_status, s.push_host
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
       WHERE d.campaign_id = ? AND d.status IN ('queued', 'retrying') AND d.next_attempt_at <= ?`,
    );

    // Decide while reading lazily (stop as soon as the batch is full), write once the cursor is closed:
    // better-sqlite3 allows no other statement on the connection while one is iterating.
    const scanLimit = options.scanLimit ?? limit * 2 + 16;
    const take: CandidateRow[] = [];
    const settle: [status: "failed" | "expired" | "cancelled", error: string, id: number, wasRetrying: boolean][] = [];
    const defer: [until: number, id: number][] = [];
    const taken = new Map<string, number>();
    let leftRetrying = 0;
    let scanned = 0;
    for (const row of candidates.iterate(campaignId, now) as IterableIterator<CandidateRow>) {
      scanned++;
      if (deadline !== null && now > deadline) {
        settle.push(["failed", TTL_ELAPSED_ERROR, row.id, row.status === "retrying"]);
      } else if (row.sub_status !== "active" || !row.p256dh || !row.auth) {
        // an earlier campaign found it gone, or the visitor left: never send to it again
        const gone = row.sub_status === "expired";
        const reason = gone ? "subscription expired" : "subscription unsubscribed";
        settle.push([gone ? "expired" : "cancelled", reason, row.id, row.status === "retrying"]);
      } else {
        const origin = originOfHost(row.push_host);
        const block = blocks.get(origin);
        const used = taken.get(origin) ?? 0;
        if (block?.retryAfterUntil && block.retryAfterUntil > now) defer.push([block.retryAfterUntil, row.id]);
        else if (block?.authFlaggedAt && block.authFlaggedAt >= startedAt)
          defer.push([now + AUTH_FLAG_RECHECK_MS, row.id]);
        else if (!options.originSlots || used < options.originSlots(origin)) {
          taken.set(origin, used + 1);
          take.push(row);
          if (row.status === "retrying") leftRetrying++;
        }
      }
      if (take.length >= limit || scanned >= scanLimit) break;
    }

    const claimRow = prepared(
      db,
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = ?, leased_by = ?, updated_at = ?
       WHERE id = ?`,
    );
    const settleRow = prepared(
      db,
      `UPDATE deliveries SET status = ?, error = ?, lease_until = NULL, leased_by = NULL, updated_at = ? WHERE id = ?`,
    );
    const deferRow = prepared(db, `UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE id = ?`);

    let failed = 0;
    let expired = 0;
    for (const [status, error, id, wasRetrying] of settle) {
      if (wasRetrying) leftRetrying++;
      settleRow.run(status, error, now, id);
      if (status === "failed") failed++;
      else if (status === "expired") expired++;
    }
    for (const [until, id] of defer) deferRow.run(until, now, id);
    const claimed: ClaimedDelivery[] = take.map((row) => {
      claimRow.run(now + leaseMs, workerId, now, row.id);
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
    });
    if (failed || expired || leftRetrying) {
      prepared(
        db,
        `UPDATE campaigns SET failed_count = failed_count + ?, expired_count = expired_count + ?,
           retrying_count = max(0, retrying_count - ?) WHERE id = ?`,
      ).run(failed, expired, leftRetrying, campaignId);
    }
    return { claimed, settled: settle.length, deferred: defer.length, scanned };
  });
}
