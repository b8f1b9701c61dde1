// Retention against real SQLite and PostgreSQL: old finished campaigns lose their per-delivery rows in
// batches, their totals (campaign row, progress) stay exactly as they were, and nothing else is touched.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getCampaignProgress, type CampaignProgress } from "@/lib/campaigns/queries";
import type { Db } from "@/lib/db/app-db";
import { campaignsToTrim, trimHistory } from "@/lib/retention/trim";
import { startRetentionSchedule } from "@/lib/retention/schedule";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";
import { campaignRowOf, DAY, rowsOf, sentCampaign } from "./fixtures";

const now = Date.parse("2030-06-01T12:00:00Z");

async function subscriptionCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(db.tables.subscriptions);
  return Number(row!.n);
}

describe.each(ENGINES)("trimHistory on %s", (engine) => {
  const test = useTestDb(engine);

  it("removes old finished campaigns' deliveries and receipts in batches and keeps every total", async () => {
    const db = test.db;
    const old = await sentCampaign(db, now - 120 * DAY, 23);
    const oldCancelled = await sentCampaign(db, now - 100 * DAY, 10, "cancelled");
    const recent = await sentCampaign(db, now - 30 * DAY, 8);
    const stillSending = await sentCampaign(db, now - 200 * DAY, 6, "sending");
    type Before = {
      row: Awaited<ReturnType<typeof campaignRowOf>>;
      progress: CampaignProgress;
      rows: Awaited<ReturnType<typeof rowsOf>>;
    };
    const before = new Map<number, Before>();
    for (const id of [old, oldCancelled, recent, stillSending])
      before.set(id, {
        row: await campaignRowOf(db, id),
        progress: await getCampaignProgress(db, id),
        rows: await rowsOf(db, id),
      });
    expect(before.get(old)!.rows).toMatchObject({ deliveries: 23 });
    expect(before.get(old)!.rows.receipts).toBeGreaterThan(0);
    expect(before.get(oldCancelled)!.progress.cancelled).toBe(5);
    expect(await campaignsToTrim(db, now - 90 * DAY)).toEqual([old, oldCancelled]);

    const remaining: number[] = [];
    const report = await trimHistory(db, {
      now: new Date(now),
      retentionDays: 90,
      batchSize: 5,
      pause: async () => void remaining.push((await rowsOf(db)).deliveries),
    });

    expect(report).toMatchObject({
      campaigns: 2,
      deliveries: 33,
      receipts: before.get(old)!.rows.receipts + before.get(oldCancelled)!.rows.receipts,
      stopped: false,
    });
    // no transaction deleted more than the batch size
    const total = 23 + 10 + 8 + 6;
    const steps = [total, ...remaining, (await rowsOf(db)).deliveries];
    for (let i = 1; i < steps.length; i++) expect(steps[i - 1]! - steps[i]!).toBeLessThanOrEqual(5);
    expect(report.batches).toBe(Math.ceil(23 / 5) + Math.ceil(10 / 5) + 1); // 10 is a multiple of 5: one empty batch proves it done

    for (const id of [old, oldCancelled]) {
      expect(await rowsOf(db, id)).toEqual({ deliveries: 0, receipts: 0 });
      expect(await campaignRowOf(db, id)).toEqual(before.get(id)!.row);
      expect(await getCampaignProgress(db, id)).toEqual(before.get(id)!.progress);
    }
    for (const id of [recent, stillSending]) {
      expect(await rowsOf(db, id)).toEqual(before.get(id)!.rows);
      expect(await campaignRowOf(db, id)).toEqual(before.get(id)!.row);
    }
    // subscriptions are kept
    expect(await subscriptionCount(db)).toBe(total);

    const again = await trimHistory(db, { now: new Date(now), retentionDays: 90 });
    expect(again).toMatchObject({ campaigns: 0, deliveries: 0, receipts: 0 });
  });

  it("keeps everything with retention 0 and stops between batches when asked", async () => {
    const db = test.db;
    const old = await sentCampaign(db, now - 400 * DAY, 12);
    expect(await trimHistory(db, { now: new Date(now), retentionDays: 0 })).toMatchObject({
      deliveries: 0,
      receipts: 0,
      batches: 0,
    });
    expect((await rowsOf(db, old)).deliveries).toBe(12);

    let pauses = 0;
    const report = await trimHistory(db, {
      now: new Date(now),
      retentionDays: 90,
      batchSize: 4,
      shouldStop: () => ++pauses > 1,
    });
    expect(report).toMatchObject({ deliveries: 4, stopped: true });
    expect((await rowsOf(db, old)).deliveries).toBe(8);
  });

  it("respects the cutoff to the millisecond of completion", async () => {
    const db = test.db;
    const edge = await sentCampaign(db, now - 90 * DAY - 10, 3); // completed at exactly now - 90 days
    expect((await trimHistory(db, { now: new Date(now), retentionDays: 90 })).deliveries).toBe(0);
    expect((await trimHistory(db, { now: new Date(now + 1), retentionDays: 90 })).deliveries).toBe(3);
    expect((await campaignRowOf(db, edge)).acceptedCount).toBe(3);
  });

  it("takes a finished campaign without a completion time as finished when it was last updated", async () => {
    const db = test.db;
    const campaignId = await seedCampaign(db, {
      status: "cancelled",
      completedAt: null,
      updatedAt: new Date(now - 91 * DAY),
      targetedCount: 1,
    });
    await seedDelivery(db, { campaignId, subscriptionId: await seedSubscription(db), status: "cancelled" });
    expect(await campaignsToTrim(db, now - 92 * DAY)).toEqual([]);
    expect(await campaignsToTrim(db, now - 90 * DAY)).toEqual([campaignId]);
    expect((await trimHistory(db, { now: new Date(now), retentionDays: 90 })).deliveries).toBe(1);
  });

  it("deletes sign-in throttle rows the throttle has forgotten, never a live block", async () => {
    const db = test.db;
    const { authThrottle } = db.tables;
    const row = (key: string, lastFailureAt: number, blockedUntil: number | null) => ({
      key,
      failures: 3,
      lastFailureAt: new Date(lastFailureAt),
      blockedUntil: blockedUntil === null ? null : new Date(blockedUntil),
    });
    await db
      .insert(authThrottle)
      .values([
        row("ip:forgotten", now - 2 * 3_600_000, null),
        row("ip:forgotten-block", now - 2 * 3_600_000, now - 60_000),
        row("ip:recent", now - 60_000, null),
        row("email:blocked", now - 2 * 3_600_000, now + 60_000),
      ]);
    const report = await trimHistory(db, { now: new Date(now), retentionDays: 0, batchSize: 1 });
    expect(report).toMatchObject({ throttleRows: 2, batches: 2 });
    const left = await db.select({ key: authThrottle.key }).from(authThrottle).orderBy(authThrottle.key);
    expect(left.map((r) => r.key)).toEqual(["email:blocked", "ip:recent"]);
  });
});

describe.each(ENGINES)("startRetentionSchedule on %s", (engine) => {
  const test = useTestDb(engine);

  it("trims on its timer and stops cleanly", async () => {
    const old = await sentCampaign(test.db, now - 120 * DAY, 5);
    const reported = new Promise<number>((resolve) => {
      const schedule = startRetentionSchedule(test.db, {
        retentionDays: 90,
        firstDelayMs: 0,
        now: () => new Date(now),
        log: () => {},
        onReport: (r) => void schedule.stop().then(() => resolve(r.deliveries)),
      });
    });
    expect(await reported).toBe(5);
    expect((await rowsOf(test.db, old)).deliveries).toBe(0);
  });
});

describe("RETENTION_DAYS", () => {
  it("defaults to 90, accepts 0 (keep forever) and refuses negative or fractional days", async () => {
    const { parseEnv } = await import("@/lib/env.mjs");
    expect(parseEnv({}).RETENTION_DAYS).toBe(90);
    expect(parseEnv({ RETENTION_DAYS: "0" }).RETENTION_DAYS).toBe(0);
    expect(() => parseEnv({ RETENTION_DAYS: "-1" })).toThrow(/RETENTION_DAYS/);
    expect(() => parseEnv({ RETENTION_DAYS: "1.5" })).toThrow(/RETENTION_DAYS/);
  });
});
