import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { startedCampaignOn } from "@/test/support/engine-queue";
import { campaignRowOn, deliveryCounts, deliveryRow, subscriptionRow } from "@/test/support/queue-reads";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";
import { failElapsedDeliveries } from "@/lib/delivery/sweep";
import { pauseCampaign } from "@/lib/campaigns/lifecycle";
import type { Db } from "@/lib/db/app-db";
import type { PushOutcome } from "@/lib/push/types";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const half = () => 0.5;

async function claimAll(db: Db, campaignId: number, now = t0, limit = 1000) {
  return (await claimDeliveries(db, { campaignId, workerId: "w", limit, now, leaseMs: 60_000 })).claimed;
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

describe.each(ENGINES)("recording outcomes on %s", (engine) => {
  const test = useTestDb(engine);

  it("maps every outcome to the right state and keeps the counters current", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 6 } });
    const claimed = await claimAll(db, campaignId);
    const outcomes: PushOutcome[] = [
      { kind: "accepted", statusCode: 201 },
      { kind: "accepted", statusCode: 200 },
      { kind: "expired", statusCode: 410 },
      { kind: "failed", statusCode: 400, authProblem: false, error: "400 Bad Request: missing TTL" },
      { kind: "failed", statusCode: 413, authProblem: false, error: "413 Payload Too Large" },
      { kind: "retry", statusCode: 500, originThrottled: false, error: "500 Internal Server Error" },
    ];
    const recorded = await record(db, claimed, (i) => outcomes[i]!, t0 + 100);
    expect(recorded.map((r) => r.status)).toEqual(["accepted", "accepted", "expired", "failed", "failed", "retrying"]);
    expect(recorded.map((r) => r.deliveryId)).toEqual(claimed.map((d) => d.id));
    expect(recorded.every((r) => !r.stale && r.campaignId === campaignId)).toBe(true);
    expect(await campaignRowOn(db, campaignId)).toMatchObject({
      targetedCount: 6,
      acceptedCount: 2,
      expiredCount: 1,
      failedCount: 2,
      retryingCount: 1,
    });
    expect(await deliveryRow(db, claimed[0]!.id)).toMatchObject({
      status: "accepted",
      statusCode: 201,
      acceptedAt: t0 + 100,
      leasedBy: "w",
      leaseUntil: null,
      updatedAt: t0 + 100,
    });
    expect(await deliveryRow(db, claimed[2]!.id)).toMatchObject({
      status: "expired",
      statusCode: 410,
      error: "push service answered 410: subscription gone",
      acceptedAt: null,
    });
    expect(await deliveryRow(db, claimed[3]!.id)).toMatchObject({
      status: "failed",
      statusCode: 400,
      error: "400 Bad Request: missing TTL",
      nextAttemptAt: 0,
    });
    // attempt 1 failed: full jitter within [0, 2 s]; random 0.5 → 1 s
    expect(await deliveryRow(db, claimed[5]!.id)).toMatchObject({
      status: "retrying",
      statusCode: 500,
      error: "500 Internal Server Error",
      nextAttemptAt: t0 + 100 + 1000,
      leaseUntil: null,
    });
    const sub = await subscriptionRow(db, claimed[2]!.subscriptionId);
    expect(sub).toMatchObject({ status: "expired", expiredAt: new Date(t0 + 100) });
    expect((await subscriptionRow(db, claimed[0]!.subscriptionId)).status).toBe("active");
  });

  it("retries until accepted, taking the row out of the retrying count", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 1 } });
    await record(db, await claimAll(db, campaignId), { kind: "retry", originThrottled: false, error: "ECONNRESET" });
    expect(await claimAll(db, campaignId, t0 + 999)).toEqual([]);
    const again = await claimAll(db, campaignId, t0 + 1000);
    expect(again[0]!.attempts).toBe(2);
    expect((await campaignRowOn(db, campaignId)).retryingCount).toBe(0);
    await record(db, again, { kind: "accepted", statusCode: 201 }, t0 + 1100);
    expect(await campaignRowOn(db, campaignId)).toMatchObject({ retryingCount: 0, acceptedCount: 1 });
  });

  it("gives up after the maximum number of attempts, keeping the last error", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 1 } });
    let now = t0;
    let id = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claimAll(db, campaignId, now);
      expect(claimed).toHaveLength(1);
      id = claimed[0]!.id;
      await record(
        db,
        claimed,
        { kind: "retry", statusCode: 502, originThrottled: false, error: "502 Bad Gateway" },
        now,
        {
          maxAttempts: 3,
        },
      );
      now += 10 * 60_000;
    }
    expect(await deliveryCounts(db, campaignId)).toEqual({ failed: 1 });
    expect(await deliveryRow(db, id)).toMatchObject({
      attempts: 3,
      error: "gave up after 3 attempts: 502 Bad Gateway",
    });
    expect(await campaignRowOn(db, campaignId)).toMatchObject({ failedCount: 1, retryingCount: 0 });
  });

  it("fails a retry that could only happen after the TTL, and sweeps rows the claim never reached", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, {
      now: t0,
      hosts: { "push.test.example": 4 },
      campaign: { ttl: 2 },
    });
    const [a, b] = await claimAll(db, campaignId, t0, 2);
    await record(
      db,
      [a!],
      { kind: "retry", statusCode: 503, retryAfterMs: 5_000, originThrottled: true, error: "503" },
      t0 + 10,
    );
    expect(await deliveryRow(db, a!.id)).toMatchObject({
      status: "failed",
      error: "TTL elapsed before delivery (last: 503)",
    });
    await record(db, [b!], { kind: "retry", statusCode: 500, originThrottled: false, error: "500" }, t0 + 10);
    expect((await campaignRowOn(db, campaignId)).retryingCount).toBe(1);
    await pauseCampaign(db, campaignId, new Date(t0 + 20));
    expect(await failElapsedDeliveries(db, campaignId, t0 + 2_000)).toBe(0);
    expect(await failElapsedDeliveries(db, campaignId, t0 + 2_001)).toBe(3); // one retrying, two queued
    expect(await campaignRowOn(db, campaignId)).toMatchObject({ failedCount: 4, retryingCount: 0 });
    expect(await deliveryRow(db, b!.id)).toMatchObject({ status: "failed", error: "TTL elapsed before delivery" });
    expect(await failElapsedDeliveries(db, campaignId, t0 + 3_000)).toBe(0);
    expect(await failElapsedDeliveries(db, 999, t0 + 3_000)).toBe(0);
  });

  it("never sends to a subscription again once a push service said it is gone", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 2 } });
    const second = (await startedCampaignOn(db, { now: t0 + 1, hosts: {} })).campaignId;
    await record(db, await claimAll(db, campaignId), { kind: "expired", statusCode: 404 });
    expect(await claimAll(db, second, t0 + 2)).toEqual([]);
    expect(await deliveryCounts(db, second)).toEqual({ expired: 2 });
    expect((await campaignRowOn(db, second)).expiredCount).toBe(2);
  });

  it("clips huge error texts", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 1 } });
    const claimed = await claimAll(db, campaignId);
    await record(db, claimed, { kind: "failed", statusCode: 400, authProblem: false, error: "x".repeat(100_000) });
    expect((await deliveryRow(db, claimed[0]!.id)).error!.length).toBe(500);
  });

  it("records answers of several campaigns in one batch, each on its own counters", async () => {
    const { db } = test;
    const one = (await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 2 } })).campaignId;
    const two = (await startedCampaignOn(db, { now: t0, hosts: {} })).campaignId;
    const claimed = [...(await claimAll(db, two)), ...(await claimAll(db, one))];
    await record(db, claimed, (i) =>
      i % 2 ? { kind: "accepted", statusCode: 201 } : { kind: "expired", statusCode: 410 },
    );
    expect(await campaignRowOn(db, one)).toMatchObject({ acceptedCount: 1, expiredCount: 1 });
    expect(await campaignRowOn(db, two)).toMatchObject({ acceptedCount: 1, expiredCount: 1 });
    expect(await record(db, [], { kind: "accepted", statusCode: 201 })).toEqual([]);
  });
});
