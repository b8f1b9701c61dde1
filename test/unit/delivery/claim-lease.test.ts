import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { startedCampaign } from "@/test/support/engine-queue";
import { campaignRow, deliveryStatusCounts } from "@/test/support/engine-factories";
import { claimDeliveries } from "@/lib/delivery/claim";
import { recoverExpiredLeases, renewLeases } from "@/lib/delivery/leases";
import { recordOutcomes } from "@/lib/delivery/record";
import { cancelCampaign } from "@/lib/campaigns/lifecycle";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { migrateDatabase, openDatabase } from "@/lib/db/client";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const accepted = { kind: "accepted", statusCode: 201 } as const;

describe("claim and lease", () => {
  it("claims due rows under a lease with the target and receipt token", () => {
    const db = createTestDb();
    const { campaignId, subscriptionIds } = startedCampaign(db, { now: t0 });
    const { claimed } = claimDeliveries(db, { campaignId, workerId: "w1", limit: 4, now: t0, leaseMs: 30_000 });
    expect(claimed).toHaveLength(4);
    const first = claimed[0]!;
    expect(first).toMatchObject({
      campaignId,
      attempts: 1,
      origin: "https://push.test.example",
      deadline: t0 + 86_400_000,
    });
    expect(subscriptionIds).toContain(first.subscriptionId);
    expect(first.target.endpoint).toMatch(/^https:\/\/push\.test\.example\/push\//);
    expect(first.receiptToken).toMatch(/^[A-Za-z0-9_-]{30}$/);
    const row = db.$client
      .prepare(`SELECT status, lease_until, leased_by, attempts FROM deliveries WHERE id = ?`)
      .get(first.id);
    expect(row).toEqual({ status: "sending", lease_until: t0 + 30_000, leased_by: "w1", attempts: 1 });
  });

  it("never hands the same row to two workers, even on separate connections to one file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pb-claim-")), "db.sqlite");
    const a = openDatabase(file);
    migrateDatabase(a);
    const b = openDatabase(file);
    const { campaignId } = startedCampaign(a, { now: t0, hosts: { "push.test.example": 50 } });
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      const db = i % 2 ? a : b;
      seen.push(
        ...claimDeliveries(db, { campaignId, workerId: `w${i % 2}`, limit: 3, now: t0, leaseMs: 30_000 }).claimed.map(
          (d) => d.id,
        ),
      );
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    a.$client.close();
    b.$client.close();
  });

  it("skips rows not yet due and rows of origins without free slots", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "slow.example": 6, "fast.example": 6 } });
    const { claimed } = claimDeliveries(db, {
      campaignId,
      workerId: "w",
      limit: 8,
      now: t0,
      leaseMs: 1000,
      originSlots: (origin) => (origin === "https://slow.example" ? 2 : 100),
    });
    expect(claimed.filter((d) => d.origin === "https://slow.example")).toHaveLength(2);
    expect(claimed.filter((d) => d.origin === "https://fast.example")).toHaveLength(6);
    db.$client.prepare(`UPDATE deliveries SET next_attempt_at = ? WHERE status = 'queued'`).run(t0 + 5_000);
    expect(
      claimDeliveries(db, { campaignId, workerId: "w", limit: 8, now: t0 + 4_999, leaseMs: 1000 }).claimed,
    ).toEqual([]);
    expect(
      claimDeliveries(db, { campaignId, workerId: "w", limit: 8, now: t0 + 5_000, leaseMs: 1000 }).claimed,
    ).toHaveLength(4);
  });

  it("puts rows of a dead worker back in the queue once the lease runs out, and ignores its late answers", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 3 } });
    const dead = claimDeliveries(db, { campaignId, workerId: "dead", limit: 3, now: t0, leaseMs: 10_000 }).claimed;
    expect(recoverExpiredLeases(db, t0 + 10_000)).toBe(0);
    expect(recoverExpiredLeases(db, t0 + 10_001)).toBe(3);
    expect(deliveryStatusCounts(db, campaignId)).toEqual({ queued: 3 });
    const again = claimDeliveries(db, {
      campaignId,
      workerId: "alive",
      limit: 3,
      now: t0 + 10_001,
      leaseMs: 10_000,
    }).claimed;
    expect(again.map((d) => d.attempts)).toEqual([2, 2, 2]);
    const late = recordOutcomes(
      db,
      dead.map((delivery) => ({ delivery, outcome: accepted })),
      { workerId: "dead", now: t0 + 10_002 },
    );
    expect(late.every((r) => r.stale)).toBe(true);
    expect(campaignRow(db, campaignId).acceptedCount).toBe(0);
    recordOutcomes(
      db,
      again.map((delivery) => ({ delivery, outcome: accepted })),
      { workerId: "alive", now: t0 + 10_003 },
    );
    expect(campaignRow(db, campaignId).acceptedCount).toBe(3);
  });

  it("cancels instead of re-queueing the expired leases of a cancelled campaign", async () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 4 } });
    claimDeliveries(db, { campaignId, workerId: "dead", limit: 2, now: t0, leaseMs: 1_000 });
    await cancelCampaign(sqliteAppDb(db), campaignId, new Date(t0 + 10));
    recoverExpiredLeases(db, t0 + 2_000);
    expect(deliveryStatusCounts(db, campaignId)).toEqual({ cancelled: 4 });
  });

  it("settles rows whose subscription is gone and rows past the TTL without sending them", () => {
    const db = createTestDb();
    const { campaignId, subscriptionIds } = startedCampaign(db, {
      now: t0,
      hosts: { "push.test.example": 4 },
      campaign: { ttl: 60 },
    });
    db.$client.prepare(`UPDATE subscriptions SET status = 'expired' WHERE id = ?`).run(subscriptionIds[0]);
    db.$client
      .prepare(`UPDATE subscriptions SET status = 'unsubscribed', p256dh = NULL, auth = NULL WHERE id = ?`)
      .run(subscriptionIds[1]);
    const first = claimDeliveries(db, { campaignId, workerId: "w", limit: 1, now: t0, leaseMs: 1000 });
    expect(first.claimed.map((d) => d.subscriptionId)).toEqual([subscriptionIds[2]]);
    expect(first.settled).toBe(2);
    const late = claimDeliveries(db, { campaignId, workerId: "w", limit: 5, now: t0 + 60_001, leaseMs: 1000 });
    expect(late).toMatchObject({ claimed: [], settled: 1 });
    expect(deliveryStatusCounts(db, campaignId)).toEqual({ expired: 1, cancelled: 1, sending: 1, failed: 1 });
    expect(campaignRow(db, campaignId)).toMatchObject({ expiredCount: 1, failedCount: 1 });
    const failed = db.$client.prepare(`SELECT error FROM deliveries WHERE status = 'failed'`).get();
    expect(failed).toEqual({ error: "TTL elapsed before delivery" });
  });

  it("claims nothing for paused, cancelled or missing campaigns, or for a zero limit", async () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0 });
    expect(claimDeliveries(db, { campaignId, workerId: "w", limit: 0, now: t0, leaseMs: 1 }).claimed).toEqual([]);
    expect(claimDeliveries(db, { campaignId: 999, workerId: "w", limit: 5, now: t0, leaseMs: 1 }).claimed).toEqual([]);
    await cancelCampaign(sqliteAppDb(db), campaignId, new Date(t0));
    expect(claimDeliveries(db, { campaignId, workerId: "w", limit: 5, now: t0, leaseMs: 1 }).claimed).toEqual([]);
  });
});

describe("lease renewal", () => {
  it("extends only the live worker's own rows still being sent", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts: { "push.test.example": 6 } });
    const mine = claimDeliveries(db, { campaignId, workerId: "me", limit: 2, now: t0, leaseMs: 3_000 }).claimed;
    claimDeliveries(db, { campaignId, workerId: "other", limit: 2, now: t0, leaseMs: 3_000 });
    recordOutcomes(db, [{ delivery: mine[0]!, outcome: accepted }], { workerId: "me", now: t0 + 10 });
    expect(renewLeases(db, "me", t0 + 2_000, 3_000)).toBe(1);
    expect(recoverExpiredLeases(db, t0 + 3_001)).toBe(2); // the other worker's rows
    const row = db.$client.prepare(`SELECT status, lease_until FROM deliveries WHERE id = ?`).get(mine[1]!.id);
    expect(row).toEqual({ status: "sending", lease_until: t0 + 5_000 });
    // a lease that already ran out is not revived: another worker may own the row by now
    expect(renewLeases(db, "me", t0 + 5_001, 3_000)).toBe(0);
  });
});
