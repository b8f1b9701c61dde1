import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { startedCampaign } from "@/test/support/engine-queue";
import { campaignRow, deliveryStatusCounts } from "@/test/support/engine-factories";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";
import { failElapsedDeliveries } from "@/lib/delivery/sweep";
import { pauseCampaignSync } from "@/lib/campaigns/lifecycle-sync";
import type { Db } from "@/lib/db/client";
import type { PushOutcome } from "@/lib/push/types";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const half = () => 0.5;

function claimAll(db: Db, campaignId: number, now = t0, workerId = "w") {
  return claimDeliveries(db, { campaignId, workerId, limit: 1000, now, leaseMs: 60_000 }).claimed;
}
function record(
  db: Db,
  items: ClaimedDelivery[],
  outcome: PushOutcome | ((i: number) => PushOutcome),
  now = t0,
  extra = {},
) {
  return recordOutcomes(
    db,
    items.map((delivery, i) => ({ delivery, outcome: typeof outcome === "function" ? outcome(i) : outcome })),
    { workerId: "w", now, random: half, ...extra },
  );
}
function row(db: Db, id: number) {
  return db.$client.prepare(`SELECT * FROM deliveries WHERE id = ?`).get(id) as Record<string, unknown>;
}

describe("recording outcomes", () => {
  it("maps every outcome to the right state and keeps the counters current", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 6 } });
    const claimed = claimAll(db, campaignId);
    const outcomes: PushOutcome[] = [
      { kind: "accepted", statusCode: 201 },
      { kind: "accepted", statusCode: 200 },
      { kind: "expired", statusCode: 410 },
      { kind: "failed", statusCode: 400, authProblem: false, error: "400 Bad Request: missing TTL" },
      { kind: "failed", statusCode: 413, authProblem: false, error: "413 Payload Too Large" },
      { kind: "retry", statusCode: 500, originThrottled: false, error: "500 Internal Server Error" },
    ];
    const recorded = record(db, claimed, (i) => outcomes[i]!, t0 + 100);
    expect(recorded.map((r) => r.status)).toEqual(["accepted", "accepted", "expired", "failed", "failed", "retrying"]);
    expect(campaignRow(db, campaignId)).toMatchObject({
      targetedCount: 6,
      acceptedCount: 2,
      expiredCount: 1,
      failedCount: 2,
      retryingCount: 1,
    });
    expect(row(db, claimed[0]!.id)).toMatchObject({
      status: "accepted",
      status_code: 201,
      accepted_at: t0 + 100,
      leased_by: "w",
      lease_until: null,
    });
    expect(row(db, claimed[3]!.id)).toMatchObject({
      status: "failed",
      status_code: 400,
      error: "400 Bad Request: missing TTL",
    });
    // attempt 1 failed: full jitter within [0, 2 s]; random 0.5 → 1 s
    expect(row(db, claimed[5]!.id)).toMatchObject({
      status: "retrying",
      status_code: 500,
      next_attempt_at: t0 + 100 + 1000,
    });
    const sub = db.$client
      .prepare(`SELECT status, expired_at FROM subscriptions WHERE id = ?`)
      .get(claimed[2]!.subscriptionId);
    expect(sub).toEqual({ status: "expired", expired_at: t0 + 100 });
  });

  it("retries until accepted, taking the row out of the retrying count", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 1 } });
    record(db, claimAll(db, campaignId), { kind: "retry", originThrottled: false, error: "ECONNRESET" });
    expect(claimAll(db, campaignId, t0 + 999)).toEqual([]);
    const again = claimAll(db, campaignId, t0 + 1000);
    expect(again[0]!.attempts).toBe(2);
    expect(campaignRow(db, campaignId).retryingCount).toBe(0);
    record(db, again, { kind: "accepted", statusCode: 201 }, t0 + 1100);
    expect(campaignRow(db, campaignId)).toMatchObject({ retryingCount: 0, acceptedCount: 1 });
  });

  it("gives up after the maximum number of attempts, keeping the last error", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 1 } });
    let now = t0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = claimAll(db, campaignId, now);
      expect(claimed).toHaveLength(1);
      record(db, claimed, { kind: "retry", statusCode: 502, originThrottled: false, error: "502 Bad Gateway" }, now, {
        maxAttempts: 3,
      });
      now += 10 * 60_000;
    }
    expect(deliveryStatusCounts(db, campaignId)).toEqual({ failed: 1 });
    expect(db.$client.prepare(`SELECT attempts, error FROM deliveries`).get()).toEqual({
      attempts: 3,
      error: "gave up after 3 attempts: 502 Bad Gateway",
    });
    expect(campaignRow(db, campaignId)).toMatchObject({ failedCount: 1, retryingCount: 0 });
  });

  it("fails a retry that could only happen after the TTL, and sweeps rows the claim never reached", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 3 }, campaign: { ttl: 2 } });
    const [a] = claimDeliveries(db, { campaignId, workerId: "w", limit: 1, now: t0, leaseMs: 60_000 }).claimed;
    record(
      db,
      [a!],
      { kind: "retry", statusCode: 503, retryAfterMs: 5_000, originThrottled: true, error: "503" },
      t0 + 10,
    );
    expect(row(db, a!.id)).toMatchObject({ status: "failed", error: "TTL elapsed before delivery (last: 503)" });
    pauseCampaignSync(db, campaignId, new Date(t0 + 20));
    expect(failElapsedDeliveries(db, campaignId, t0 + 2_000)).toBe(0);
    expect(failElapsedDeliveries(db, campaignId, t0 + 2_001)).toBe(2);
    expect(campaignRow(db, campaignId)).toMatchObject({ failedCount: 3, retryingCount: 0 });
  });

  it("never sends to a subscription again once a push service said it is gone", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 2 } });
    const second = startedCampaign(db, { now: t0 + 1, hosts: {} }).campaignId;
    record(db, claimAll(db, campaignId), { kind: "expired", statusCode: 404 });
    expect(claimAll(db, second, t0 + 2)).toEqual([]);
    expect(deliveryStatusCounts(db, second)).toEqual({ expired: 2 });
    expect(campaignRow(db, second).expiredCount).toBe(2);
  });

  it("clips huge error texts", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 1 } });
    const claimed = claimAll(db, campaignId);
    record(db, claimed, { kind: "failed", statusCode: 400, authProblem: false, error: "x".repeat(100_000) });
    expect((row(db, claimed[0]!.id).error as string).length).toBe(500);
  });
});
