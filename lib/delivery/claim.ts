// The claim: in one IMMEDIATE transaction, due rows of a sending campaign become "sending" under this
// worker's lease. Rows that must not be sent (TTL elapsed, subscription gone) are settled on the way,
// rows of a throttled or auth-flagged origin are deferred, so no later claim scans past them again.
import type { Db } from "@/lib/db/client";
import type { PushTarget } from "@/lib/push/types";
import { immediate, prepared } from "./statements";
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
      | { status: string; started_at: number | null; ttl: number }
      | undefined;
    if (!campaign || campaign.status !== "sending") return empty;
    const deadline = campaignDeadline(campaign.started_at, campaign.ttl);
    const startedAt = campaign.started_at ?? 0;
    const blocks = readOriginBlocks(db, now);
    const candidates = prepared(
      db,
      `SELECT d.id, d.status, d.subscription_id, d.receipt_token, d.attempts,
              s.endpoint, s.p256dh, s.auth, s.status AS sub_status, s.push_host
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
       WHERE d.campaign_id = ? AND d.status IN ('queued', 'retrying') AND d.next_attempt_at <= ?
       LIMIT ?`,
    ).all(campaignId, now, options.scanLimit ?? limit * 4) as CandidateRow[];

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

    const claimed: ClaimedDelivery[] = [];
    const taken = new Map<string, number>();
    let failed = 0;
    let expired = 0;
    let leftRetrying = 0;
    let deferred = 0;
    let settled = 0;
    for (const row of candidates) {
      if (deadline !== null && now > deadline) {
        settleRow.run("failed", TTL_ELAPSED_ERROR, now, row.id);
        failed++;
        settled++;
      } else if (row.sub_status !== "active" || !row.p256dh || !row.auth) {
        // an earlier campaign found it gone, or the visitor left: never send to it again
        const gone = row.sub_status === "expired";
        settleRow.run(gone ? "expired" : "cancelled", gone ? "subscription expired" : "subscription unsubscribed", now, row.id);
        if (gone) expired++;
        settled++;
      } else {
        const origin = originOfHost(row.push_host);
        const block = blocks.get(origin);
        if (block?.retryAfterUntil && block.retryAfterUntil > now) {
          deferRow.run(block.retryAfterUntil, now, row.id);
          deferred++;
          continue;
        }
        if (block?.authFlaggedAt && block.authFlaggedAt >= startedAt) {
          deferRow.run(now + AUTH_FLAG_RECHECK_MS, now, row.id);
          deferred++;
          continue;
        }
        if (claimed.length >= limit) continue;
        const used = taken.get(origin) ?? 0;
        if (options.originSlots && used >= options.originSlots(origin)) continue;
        taken.set(origin, used + 1);
        claimRow.run(now + leaseMs, workerId, now, row.id);
        claimed.push({
          id: row.id,
          campaignId,
          subscriptionId: row.subscription_id,
          receiptToken: row.receipt_token,
          attempts: row.attempts + 1,
          origin,
          deadline,
          target: { endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth },
        });
      }
      if (row.status === "retrying") leftRetrying++;
    }
    if (failed || expired || leftRetrying) {
      prepared(
        db,
        `UPDATE campaigns SET failed_count = failed_count + ?, expired_count = expired_count + ?,
           retrying_count = max(0, retrying_count - ?) WHERE id = ?`,
      ).run(failed, expired, leftRetrying, campaignId);
    }
    return { claimed, settled, deferred, scanned: candidates.length };
  });
}
