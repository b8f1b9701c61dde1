// Retention against real SQLite: old finished campaigns lose their per-delivery rows in batches,
// their totals (campaign row, progress) stay exactly as they were, and nothing else is touched.
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { startedCampaign } from "@/test/support/engine-queue";
import { campaignRow } from "@/test/support/engine-factories";
import { claimDeliveriesSync } from "@/lib/delivery/claim";
import { recordOutcomesSync } from "@/lib/delivery/record";
import { cancelCampaign } from "@/lib/campaigns/lifecycle";
import { completeCampaignSync } from "@/lib/campaigns/lifecycle-sync";
import { getCampaignProgress, type CampaignProgress } from "@/lib/campaigns/queries";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { recordReceiptSync } from "@/lib/receipts/record";
import { trimHistory } from "@/lib/retention/trim";
import { startRetentionSchedule } from "@/lib/retention/schedule";
import type { Db } from "@/lib/db/client";

const DAY = 86_400_000;
const now = Date.parse("2030-06-01T12:00:00Z");

/** A campaign sent to `count` subscribers at `at`: all accepted, the first half shown, a few clicked. */
async function sentCampaign(
  db: Db,
  at: number,
  count: number,
  finish: "sent" | "cancelled" | "sending" = "sent",
): Promise<number> {
  const { campaignId } = startedCampaign(db, { now: at, hosts: { "push.test.example": count } });
  const claimed = [];
  for (
    let batch;
    (batch = claimDeliveriesSync(db, { campaignId, workerId: "w", limit: count, now: at, leaseMs: 60_000 }).claimed)
      .length > 0;
  )
    claimed.push(...batch);
  expect(claimed).toHaveLength(count);
  const sendNow = finish === "cancelled" ? claimed.slice(0, Math.floor(count / 2)) : claimed;
  recordOutcomesSync(
    db,
    sendNow.map((delivery, i) => ({
      delivery,
      outcome:
        i % 5 === 4
          ? { kind: "failed", statusCode: 400, authProblem: false, error: "400" }
          : { kind: "accepted", statusCode: 201 },
    })),
    { workerId: "w", now: at + 1 },
  );
  const tokens = db.$client
    .prepare("select receipt_token from deliveries where campaign_id = ? and status = 'accepted' order by id")
    .pluck()
    .all(campaignId) as string[];
  tokens.slice(0, Math.ceil(tokens.length / 2)).forEach((token, i) => {
    recordReceiptSync(db, { token, kind: "shown" }, new Date(at + 2));
    if (i % 3 === 0) recordReceiptSync(db, { token, kind: "clicked" }, new Date(at + 3));
  });
  if (finish === "sent") expect(completeCampaignSync(db, campaignId, new Date(at + 10))).not.toBeNull();
  if (finish === "cancelled") {
    // the unsent half goes back to the queue as if its lease ran out, then the campaign is cancelled
    db.$client
      .prepare(
        "update deliveries set status = 'queued', lease_until = null where campaign_id = ? and status = 'sending'",
      )
      .run(campaignId);
    await cancelCampaign(sqliteAppDb(db), campaignId, new Date(at + 10));
  }
  // the next campaign's audience (every active subscription) is only its own new subscribers
  db.$client.prepare("update subscriptions set status = 'unsubscribed' where status = 'active'").run();
  return campaignId;
}

function rowsOf(db: Db, campaignId: number) {
  const one = (sql: string) => db.$client.prepare(sql).pluck().get(campaignId) as number;
  return {
    deliveries: one("select count(*) from deliveries where campaign_id = ?"),
    receipts: one("select count(*) from receipts where campaign_id = ?"),
  };
}

describe("trimHistory", () => {
  it("removes old finished campaigns' deliveries and receipts in batches and keeps every total", async () => {
    const db = createTestDb();
    const old = await sentCampaign(db, now - 120 * DAY, 23);
    const oldCancelled = await sentCampaign(db, now - 100 * DAY, 10, "cancelled");
    const recent = await sentCampaign(db, now - 30 * DAY, 8);
    const stillSending = await sentCampaign(db, now - 200 * DAY, 6, "sending");
    const progressOf = (id: number) => getCampaignProgress(sqliteAppDb(db), id);
    const before = new Map<
      number,
      { row: ReturnType<typeof campaignRow>; progress: CampaignProgress; rows: ReturnType<typeof rowsOf> }
    >();
    for (const id of [old, oldCancelled, recent, stillSending])
      before.set(id, { row: campaignRow(db, id), progress: await progressOf(id), rows: rowsOf(db, id) });
    expect(before.get(old)!.rows).toMatchObject({ deliveries: 23 });
    expect(before.get(old)!.rows.receipts).toBeGreaterThan(0);
    expect(before.get(oldCancelled)!.progress.cancelled).toBe(5);

    const remaining: number[] = [];
    const report = await trimHistory(db, {
      now: new Date(now),
      retentionDays: 90,
      batchSize: 5,
      pause: async () => {
        remaining.push(db.$client.prepare("select count(*) from deliveries").pluck().get() as number);
      },
    });

    expect(report).toMatchObject({
      campaigns: 2,
      deliveries: 33,
      receipts: before.get(old)!.rows.receipts + before.get(oldCancelled)!.rows.receipts,
      stopped: false,
    });
    // no transaction deleted more than the batch size
    const total = 23 + 10 + 8 + 6;
    const steps = [total, ...remaining, db.$client.prepare("select count(*) from deliveries").pluck().get() as number];
    for (let i = 1; i < steps.length; i++) expect(steps[i - 1]! - steps[i]!).toBeLessThanOrEqual(5);
    expect(report.batches).toBe(Math.ceil(23 / 5) + Math.ceil(10 / 5) + 1); // 10 is a multiple of 5: one empty batch proves it done

    for (const id of [old, oldCancelled]) {
      expect(rowsOf(db, id)).toEqual({ deliveries: 0, receipts: 0 });
      expect(campaignRow(db, id)).toEqual(before.get(id)!.row);
      expect(await progressOf(id)).toEqual(before.get(id)!.progress);
    }
    for (const id of [recent, stillSending]) {
      expect(rowsOf(db, id)).toEqual(before.get(id)!.rows);
      expect(campaignRow(db, id)).toEqual(before.get(id)!.row);
    }
    // subscriptions are kept; a receipt for a trimmed delivery is an unknown token, counters unchanged
    expect(db.$client.prepare("select count(*) from subscriptions").pluck().get()).toBe(total);
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);

    const again = await trimHistory(db, { now: new Date(now), retentionDays: 90 });
    expect(again).toMatchObject({ campaigns: 0, deliveries: 0, receipts: 0 });
  });

  it("keeps everything with retention 0 and stops between batches when asked", async () => {
    const db = createTestDb();
    const old = await sentCampaign(db, now - 400 * DAY, 12);
    expect(await trimHistory(db, { now: new Date(now), retentionDays: 0 })).toMatchObject({
      deliveries: 0,
      receipts: 0,
      batches: 0,
    });
    expect(rowsOf(db, old).deliveries).toBe(12);

    let pauses = 0;
    const report = await trimHistory(db, {
      now: new Date(now),
      retentionDays: 90,
      batchSize: 4,
      shouldStop: () => ++pauses > 1,
    });
    expect(report).toMatchObject({ deliveries: 4, stopped: true });
    expect(rowsOf(db, old).deliveries).toBe(8);
  });

  it("respects the cutoff to the millisecond of completion", async () => {
    const db = createTestDb();
    const edge = await sentCampaign(db, now - 90 * DAY - 10, 3); // completed at exactly now - 90 days
    expect((await trimHistory(db, { now: new Date(now), retentionDays: 90 })).deliveries).toBe(0);
    expect((await trimHistory(db, { now: new Date(now + 1), retentionDays: 90 })).deliveries).toBe(3);
    expect(campaignRow(db, edge).acceptedCount).toBe(3);
  });

  it("deletes sign-in throttle rows the throttle has forgotten, never a live block", async () => {
    const db = createTestDb();
    const insert = db.$client.prepare(
      "insert into auth_throttle (key, failures, last_failure_at, blocked_until) values (?, ?, ?, ?)",
    );
    insert.run("ip:forgotten", 3, now - 2 * 3_600_000, null);
    insert.run("ip:recent", 3, now - 60_000, null);
    insert.run("email:blocked", 30, now - 2 * 3_600_000, now + 60_000);
    const report = await trimHistory(db, { now: new Date(now), retentionDays: 0 });
    expect(report.throttleRows).toBe(1);
    expect(db.$client.prepare("select key from auth_throttle order by key").pluck().all()).toEqual([
      "email:blocked",
      "ip:recent",
    ]);
  });
});

describe("startRetentionSchedule", () => {
  it("trims on its timer and stops cleanly", async () => {
    const db = createTestDb();
    const old = await sentCampaign(db, now - 120 * DAY, 5);
    const reported = new Promise<number>((resolve) => {
      const schedule = startRetentionSchedule(db, {
        retentionDays: 90,
        firstDelayMs: 0,
        now: () => new Date(now),
        log: () => {},
        onReport: (r) => void schedule.stop().then(() => resolve(r.deliveries)),
      });
    });
    expect(await reported).toBe(5);
    expect(rowsOf(db, old).deliveries).toBe(0);
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
