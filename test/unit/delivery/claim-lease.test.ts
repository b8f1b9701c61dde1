import { describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { startedCampaign, startedCampaignOn } from "@/test/support/engine-queue";
import { campaignRowOn, deliveryCounts, deliveryRow } from "@/test/support/queue-reads";
import { claimDeliveries, claimDeliveriesSync, type ClaimOptions } from "@/lib/delivery/claim";
import { recoverExpiredLeases, renewLeases } from "@/lib/delivery/leases";
import { recordOutcomes } from "@/lib/delivery/record";
import { cancelCampaign } from "@/lib/campaigns/lifecycle";
import type { Db } from "@/lib/db/app-db";
import { migrateDatabase, openDatabase } from "@/lib/db/client";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const accepted = { kind: "accepted", statusCode: 201 } as const;

const claim = (db: Db, options: Partial<ClaimOptions> & Pick<ClaimOptions, "campaignId">) =>
  claimDeliveries(db, { workerId: "w", limit: 8, now: t0, leaseMs: 1000, ...options });

describe.each(ENGINES)("claim and lease on %s", (engine) => {
  const test = useTestDb(engine);

  it("claims due rows under a lease with the target and receipt token", async () => {
    const { db } = test;
    const { campaignId, subscriptionIds } = await startedCampaignOn(db, { now: t0 });
    const { claimed } = await claim(db, { campaignId, workerId: "w1", limit: 4, leaseMs: 30_000 });
    expect(claimed).toHaveLength(4);
    const first = claimed[0]!;
    expect(first).toMatchObject({
      campaignId,
      attempts: 1,
      origin: "https://push.test.example",
      deadline: t0 + 86_400_000,
    });
    expect(typeof first.id).toBe("number");
    expect(subscriptionIds).toContain(first.subscriptionId);
    expect(first.target.endpoint).toMatch(/^https:\/\/push\.test\.example\/push\//);
    expect(first.receiptToken).toMatch(/^[A-Za-z0-9_-]{30}$/);
    expect(await deliveryRow(db, first.id)).toMatchObject({
      status: "sending",
      leaseUntil: t0 + 30_000,
      leasedBy: "w1",
      attempts: 1,
    });
    expect(await deliveryCounts(db, campaignId)).toEqual({ sending: 4, queued: 6 });
  });

  it("never hands the same row to two claims, however they interleave", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 50 } });
    const seen: number[] = [];
    for (let round = 0; round < 10; round++) {
      const both = await Promise.all([
        claim(db, { campaignId, workerId: "a", limit: 3 }),
        claim(db, { campaignId, workerId: "b", limit: 3 }),
      ]);
      seen.push(...both.flatMap((r) => r.claimed.map((d) => d.id)));
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
  });

  it("skips rows not yet due and rows of origins without free slots", async () => {
    const { db } = test;
    const { deliveries } = db.tables;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "slow.example": 6, "fast.example": 6 } });
    const { claimed } = await claim(db, {
      campaignId,
      originSlots: (origin) => (origin === "https://slow.example" ? 2 : 100),
    });
    expect(claimed.filter((d) => d.origin === "https://slow.example")).toHaveLength(2);
    expect(claimed.filter((d) => d.origin === "https://fast.example")).toHaveLength(6);
    await db
      .update(deliveries)
      .set({ nextAttemptAt: t0 + 5_000 })
      .where(eq(deliveries.status, "queued"));
    expect((await claim(db, { campaignId, now: t0 + 4_999 })).claimed).toEqual([]);
    expect((await claim(db, { campaignId, now: t0 + 5_000 })).claimed).toHaveLength(4);
  });

  it("puts rows of a dead worker back in the queue once the lease runs out, and ignores its late answers", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 3 } });
    const dead = (await claim(db, { campaignId, workerId: "dead", limit: 3, leaseMs: 10_000 })).claimed;
    expect(await recoverExpiredLeases(db, t0 + 10_000)).toBe(0);
    expect(await recoverExpiredLeases(db, t0 + 10_001)).toBe(3);
    expect(await deliveryCounts(db, campaignId)).toEqual({ queued: 3 });
    expect(await deliveryRow(db, dead[0]!.id)).toMatchObject({
      leaseUntil: null,
      leasedBy: null,
      nextAttemptAt: t0 + 10_001,
    });
    const again = (await claim(db, { campaignId, workerId: "alive", limit: 3, now: t0 + 10_001, leaseMs: 10_000 }))
      .claimed;
    expect(again.map((d) => d.attempts)).toEqual([2, 2, 2]);
    const late = await recordOutcomes(
      db,
      dead.map((delivery) => ({ delivery, outcome: accepted })),
      { workerId: "dead", now: t0 + 10_002 },
    );
    expect(late.every((r) => r.stale)).toBe(true);
    expect((await campaignRowOn(db, campaignId)).acceptedCount).toBe(0);
    expect(await deliveryCounts(db, campaignId)).toEqual({ sending: 3 });
    await recordOutcomes(
      db,
      again.map((delivery) => ({ delivery, outcome: accepted })),
      { workerId: "alive", now: t0 + 10_003 },
    );
    expect((await campaignRowOn(db, campaignId)).acceptedCount).toBe(3);
  });

  it("cancels instead of re-queueing the expired leases of a cancelled campaign", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 4 } });
    const other = (await startedCampaignOn(db, { now: t0, hosts: { "other.example": 1 } })).campaignId;
    await claim(db, { campaignId, workerId: "dead", limit: 2 });
    await claim(db, { campaignId: other, workerId: "dead", limit: 2 });
    await cancelCampaign(db, campaignId, new Date(t0 + 10));
    expect(await recoverExpiredLeases(db, t0 + 2_000)).toBe(4);
    expect(await deliveryCounts(db, campaignId)).toEqual({ cancelled: 4 });
    expect(await deliveryCounts(db, other)).toEqual({ queued: 5 }); // its audience: all five subscribers
  });

  it("settles rows whose subscription is gone and rows past the TTL without sending them", async () => {
    const { db } = test;
    const { subscriptions, deliveries } = db.tables;
    const { campaignId, subscriptionIds } = await startedCampaignOn(db, {
      now: t0,
      hosts: { "push.test.example": 5 },
      campaign: { ttl: 60 },
    });
    await db.update(subscriptions).set({ status: "expired" }).where(eq(subscriptions.id, subscriptionIds[0]!));
    await db
      .update(subscriptions)
      .set({ status: "unsubscribed", p256dh: null, auth: null })
      .where(eq(subscriptions.id, subscriptionIds[1]!));
    // a retrying row that is settled leaves the retrying count
    await db.update(deliveries).set({ status: "retrying" }).where(eq(deliveries.subscriptionId, subscriptionIds[4]!));
    await db.update(db.tables.campaigns).set({ retryingCount: 1 }).where(eq(db.tables.campaigns.id, campaignId));
    const first = await claim(db, { campaignId, limit: 1 });
    expect(first.claimed.map((d) => d.subscriptionId)).toEqual([subscriptionIds[2]]);
    expect(first).toMatchObject({ settled: 2, deferred: 0, scanned: 3 });
    const late = await claim(db, { campaignId, limit: 5, now: t0 + 60_001 });
    expect(late).toMatchObject({ claimed: [], settled: 2 });
    expect(await deliveryCounts(db, campaignId)).toEqual({ expired: 1, cancelled: 1, sending: 1, failed: 2 });
    expect(await campaignRowOn(db, campaignId)).toMatchObject({ expiredCount: 1, failedCount: 2, retryingCount: 0 });
    const failed = await db
      .select({ error: deliveries.error, leasedBy: deliveries.leasedBy })
      .from(deliveries)
      .where(inArray(deliveries.status, ["failed"]));
    expect(failed).toEqual([
      { error: "TTL elapsed before delivery", leasedBy: null },
      { error: "TTL elapsed before delivery", leasedBy: null },
    ]);
  });

  it("claims nothing for paused, cancelled or missing campaigns, or for a zero limit", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0 });
    expect((await claim(db, { campaignId, limit: 0 })).claimed).toEqual([]);
    expect((await claim(db, { campaignId: 999, limit: 5 })).claimed).toEqual([]);
    await cancelCampaign(db, campaignId, new Date(t0));
    expect((await claim(db, { campaignId, limit: 5 })).claimed).toEqual([]);
    expect(await deliveryCounts(db, campaignId)).toEqual({ cancelled: 10 });
  });

  it("a worker's own recovery leaves the rows it still holds, even with their lease run out", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 6 } });
    const mine = (await claim(db, { campaignId, workerId: "me", limit: 3, leaseMs: 1_000 })).claimed;
    await claim(db, { campaignId, workerId: "other", limit: 2, leaseMs: 1_000 });
    const held = { workerId: "me", ids: mine.slice(0, 2).map((d) => d.id) };
    // the other worker's two rows and my third (which I no longer hold) come back; my two held rows stay
    expect(await recoverExpiredLeases(db, t0 + 5_000, held)).toBe(3);
    expect(await deliveryRow(db, mine[0]!.id)).toMatchObject({ status: "sending", leasedBy: "me" });
    expect(await deliveryRow(db, mine[2]!.id)).toMatchObject({ status: "queued", leasedBy: null });
    // naming my ids does not shield them from another worker's recovery
    expect(await recoverExpiredLeases(db, t0 + 5_000, { workerId: "other", ids: held.ids })).toBe(2);
  });

  it("renews the rows the live worker names that are still its own and being sent", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "push.test.example": 6 } });
    const mine = (await claim(db, { campaignId, workerId: "me", limit: 2, leaseMs: 3_000 })).claimed;
    const theirs = (await claim(db, { campaignId, workerId: "other", limit: 2, leaseMs: 3_000 })).claimed;
    await recordOutcomes(db, [{ delivery: mine[0]!, outcome: accepted }], { workerId: "me", now: t0 + 10 });
    const ids = mine.map((d) => d.id);
    // the recorded row is no longer "sending"; another worker's rows are not ours even if named
    expect(await renewLeases(db, "me", ids, t0 + 2_000, 3_000)).toBe(1);
    expect(
      await renewLeases(
        db,
        "me",
        theirs.map((d) => d.id),
        t0 + 2_000,
        3_000,
      ),
    ).toBe(0);
    expect(await recoverExpiredLeases(db, t0 + 3_001)).toBe(2); // the other worker's rows
    expect(await deliveryRow(db, mine[1]!.id)).toMatchObject({ status: "sending", leaseUntil: t0 + 5_000 });
    // a lease that ran out while nobody could recover it (the database was down) is still ours: renewed
    expect(await renewLeases(db, "me", ids, t0 + 6_000, 3_000)).toBe(1);
    expect(await deliveryRow(db, mine[1]!.id)).toMatchObject({ status: "sending", leaseUntil: t0 + 9_000 });
    // once another worker's recovery took it back, it is not ours any more
    expect(await recoverExpiredLeases(db, t0 + 9_001)).toBe(1);
    expect(await renewLeases(db, "me", ids, t0 + 9_002, 3_000)).toBe(0);
    expect(await renewLeases(db, "me", [], t0 + 9_002, 3_000)).toBe(0);
  });
});

describe("claim on SQLite", () => {
  it("never hands the same row to two workers on separate connections to one file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pb-claim-")), "db.sqlite");
    const a = openDatabase(file);
    migrateDatabase(a);
    const b = openDatabase(file);
    const { campaignId } = startedCampaign(a, { now: t0, hosts: { "push.test.example": 50 } });
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) {
      const db = i % 2 ? a : b;
      const options = { campaignId, workerId: `w${i % 2}`, limit: 3, now: t0, leaseMs: 30_000 };
      seen.push(...claimDeliveriesSync(db, options).claimed.map((d) => d.id));
    }
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
    a.$client.close();
    b.$client.close();
  });
});
