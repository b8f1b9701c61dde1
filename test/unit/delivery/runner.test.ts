import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import {
  campaignRow,
  deliveryStatusCounts,
  insertCampaign,
  insertSubscriptions,
} from "@/test/support/engine-factories";
import { createScriptedSender } from "@/test/support/engine-fake-sender";
import { createDeliveryRunner, type DeliveryRunnerOptions } from "@/lib/sender/runner";
import { startSenderLoop } from "@/lib/sender/loop";
import { scheduleCampaign } from "@/lib/campaigns/lifecycle";
import { compileAudience } from "@/lib/audience/compile";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import type { Db } from "@/lib/db/client";
import type { PushOutcome, PushPayload } from "@/lib/push/types";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function runner(db: Db, sender: DeliveryRunnerOptions["sender"], extra: Partial<DeliveryRunnerOptions> = {}) {
  return createDeliveryRunner({
    db: sqliteAppDb(db),
    sender,
    workerId: "test-worker",
    resolveAudience: compileAudience,
    backoff: { baseMs: 1, capMs: 5 },
    log: () => {},
    ...extra,
  });
}

function start(db: Db, hosts: Record<string, number>, campaign = {}) {
  const now = Date.now();
  for (const [pushHost, count] of Object.entries(hosts))
    insertSubscriptions(db, { count, pushHost, createdAt: now - 1000 });
  const id = insertCampaign(db, campaign);
  sendCampaignNowSync(db, id, new Date(now));
  return id;
}

describe("delivery runner", () => {
  it("sends every subscriber once with its own receipt token, then completes the campaign", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 120 }, { ttl: 3600, urgency: "high", topic: "sale" });
    const { sender, calls } = createScriptedSender();
    await runner(db, sender, { snapshotChunkSize: 50 }).runUntilIdle({ campaignId: id });
    expect(calls).toHaveLength(120);
    expect(new Set(calls.map((c) => c.endpoint)).size).toBe(120);
    const payload = JSON.parse(calls[0]!.message.payload) as PushPayload;
    expect(payload.notification).toMatchObject({ title: "Sale starts now", navigate: "https://site.example/sale" });
    expect(payload.notification.data.pushboard.campaignId).toBe(id);
    const tokens = calls.map(
      (c) => (JSON.parse(c.message.payload) as PushPayload).notification.data.pushboard.receiptToken,
    );
    const stored = (
      db.$client.prepare(`SELECT receipt_token FROM deliveries`).all() as { receipt_token: string }[]
    ).map((r) => r.receipt_token);
    expect(new Set(tokens)).toEqual(new Set(stored));
    expect(calls[0]!.message).toMatchObject({ urgency: "high", topic: "sale" });
    expect(calls[0]!.message.ttl).toBeLessThanOrEqual(3600);
    expect(calls[0]!.message.ttl).toBeGreaterThan(3590);
    expect(campaignRow(db, id)).toMatchObject({
      status: "sent",
      targetedCount: 120,
      acceptedCount: 120,
      retryingCount: 0,
    });
    expect(deliveryStatusCounts(db, id)).toEqual({ accepted: 120 });
  });

  it("retries transient answers until accepted and settles the rest by kind", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 40 });
    const seen = new Map<string, number>();
    const { sender } = createScriptedSender((target) => {
      const n = (seen.get(target.endpoint) ?? 0) + 1;
      seen.set(target.endpoint, n);
      const k = [...seen.keys()].indexOf(target.endpoint) % 4;
      if (k === 0)
        return n < 3
          ? { kind: "retry", statusCode: 500, originThrottled: false, error: "HTTP 500" }
          : { kind: "accepted", statusCode: 201 };
      if (k === 1) return { kind: "expired", statusCode: 410 };
      if (k === 2) return { kind: "failed", statusCode: 400, authProblem: false, error: "HTTP 400" };
      return { kind: "accepted", statusCode: 201 };
    });
    await runner(db, sender, { errorSample: 1000 }).runUntilIdle({ campaignId: id });
    expect(campaignRow(db, id)).toMatchObject({
      status: "sent",
      acceptedCount: 20,
      expiredCount: 10,
      failedCount: 10,
      retryingCount: 0,
    });
    expect([...seen.values()].filter((n) => n === 3)).toHaveLength(10);
    const gone = db.$client.prepare(`SELECT count(*) AS n FROM subscriptions WHERE status = 'expired'`).get();
    expect(gone).toEqual({ n: 10 });
  });

  it("keeps requests in flight bounded overall and per origin, and a slow origin does not stall the others", async () => {
    const db = createTestDb();
    const id = start(db, { "slow.example": 30, "fast.example": 60 });
    const finishedAt = new Map<string, number>();
    const { sender, maxActive } = createScriptedSender(async (target) => {
      const slow = target.endpoint.startsWith("https://slow.example/");
      await sleep(slow ? 150 : 2);
      finishedAt.set(target.endpoint, Date.now());
      return { kind: "accepted", statusCode: 201 };
    });
    const active = new Map<string, number>();
    let maxSlow = 0;
    const counted: typeof sender = {
      async send(target, message) {
        const origin = new URL(target.endpoint).origin;
        active.set(origin, (active.get(origin) ?? 0) + 1);
        maxSlow = Math.max(maxSlow, active.get("https://slow.example") ?? 0);
        try {
          return await sender.send(target, message);
        } finally {
          active.set(origin, active.get(origin)! - 1);
        }
      },
      close: sender.close,
    };
    await runner(db, counted, { concurrency: 8, perOriginConcurrency: 3 }).runUntilIdle({ campaignId: id });
    expect(maxActive()).toBeLessThanOrEqual(8);
    expect(maxSlow).toBeLessThanOrEqual(3);
    const fastDone = Math.max(...[...finishedAt].filter(([e]) => e.includes("fast.example")).map(([, t]) => t));
    const slowDone = Math.max(...[...finishedAt].filter(([e]) => e.includes("slow.example")).map(([, t]) => t));
    expect(fastDone).toBeLessThan(slowDone);
    expect(campaignRow(db, id)).toMatchObject({ status: "sent", acceptedCount: 90 });
  });

  it("uses only the slots it is given right now (the inline sender's loop-aware slots), and all of them again later", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 120 });
    const { sender, maxActive } = createScriptedSender(async () => {
      await sleep(5);
      return { kind: "accepted", statusCode: 201 };
    });
    let slots = 3;
    const run = runner(db, sender, { concurrency: 16, slots: () => slots }).runUntilIdle({ campaignId: id });
    await sleep(50); // 3 at a time, 5 ms each: a third of the campaign at most
    expect(maxActive()).toBeLessThanOrEqual(3);
    slots = 100; // never more than concurrency
    await run;
    expect(maxActive()).toBeGreaterThan(3);
    expect(maxActive()).toBeLessThanOrEqual(16);
    expect(campaignRow(db, id)).toMatchObject({ status: "sent", acceptedCount: 120 });
  });

  it("pauses a campaign whose error rate passes its threshold, with the reason", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 200 }, { errorRateThreshold: 50 });
    const { sender, calls } = createScriptedSender((_t, i): PushOutcome =>
      i % 10 < 6
        ? { kind: "failed", statusCode: 400, authProblem: false, error: "HTTP 400" }
        : { kind: "accepted", statusCode: 201 },
    );
    await runner(db, sender, { errorSample: 20, concurrency: 4 }).runUntilIdle({ campaignId: id });
    const row = campaignRow(db, id);
    expect(row.status).toBe("paused");
    expect(row.statusReason).toMatch(/^Paused automatically: \d+% of the last 20 messages failed \(threshold 50%\)$/);
    expect(calls.length).toBeLessThan(60);
    expect(deliveryStatusCounts(db, id).sending ?? 0).toBe(0);
  });

  it("does not pause below the threshold or before the sample is full", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 60 }, { errorRateThreshold: 50 });
    const { sender } = createScriptedSender((_t, i): PushOutcome =>
      i % 10 < 4
        ? { kind: "failed", statusCode: 400, authProblem: false, error: "HTTP 400" }
        : { kind: "accepted", statusCode: 201 },
    );
    await runner(db, sender, { errorSample: 20, concurrency: 4 }).runUntilIdle({ campaignId: id });
    expect(campaignRow(db, id)).toMatchObject({ status: "sent", failedCount: 24, acceptedCount: 36 });
  });

  it("honours the send rate: rows go out only as they fall due", async () => {
    const db = createTestDb();
    let clock = Date.parse("2030-01-01T10:00:00Z");
    insertSubscriptions(db, { count: 10, createdAt: clock - 1 });
    const id = insertCampaign(db, { sendRatePerMinute: 60 });
    sendCampaignNowSync(db, id, new Date(clock));
    const { sender, calls } = createScriptedSender(undefined, () => clock);
    const r = runner(db, sender, { now: () => clock });
    await r.tick(); // snapshot
    await r.tick();
    await r.drain();
    expect(calls).toHaveLength(1);
    clock += 2_500;
    await r.tick();
    await r.drain();
    expect(calls).toHaveLength(3);
    clock += 60_000;
    await r.tick();
    await r.drain();
    expect(calls).toHaveLength(10);
  });

  it("starts a scheduled campaign at its time, not before", async () => {
    const db = createTestDb();
    let clock = Date.parse("2030-01-01T10:00:00Z");
    insertSubscriptions(db, { count: 3, createdAt: clock - 1 });
    const id = insertCampaign(db);
    await scheduleCampaign(sqliteAppDb(db), id, new Date(clock + 60_000), new Date(clock));
    const { sender, calls } = createScriptedSender();
    const r = runner(db, sender, { now: () => clock });
    await r.tick();
    await r.drain();
    expect(campaignRow(db, id).status).toBe("scheduled");
    clock += 60_000;
    for (let i = 0; i < 4; i++) {
      await r.tick();
      await r.drain();
    }
    expect(calls).toHaveLength(3);
    expect(campaignRow(db, id).status).toBe("sent");
  });

  it("pauses a campaign whose notification cannot be built and says why", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 3 }, { url: null });
    const { sender, calls } = createScriptedSender();
    await runner(db, sender).runUntilIdle({ campaignId: id });
    expect(calls).toHaveLength(0);
    expect(campaignRow(db, id)).toMatchObject({ status: "paused" });
    expect(campaignRow(db, id).statusReason).toMatch(/^Cannot build the notification: clickUrl must be an absolute/);
  });

  it("gives up on a service that never answers, within the request time limit", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 2 });
    const { sender } = createScriptedSender(() => new Promise<PushOutcome>(() => {}));
    await runner(db, sender, { requestTimeoutMs: 30, maxAttempts: 2 }).runUntilIdle({
      campaignId: id,
      timeoutMs: 5_000,
    });
    expect(campaignRow(db, id)).toMatchObject({ status: "sent", failedCount: 2 });
    const errors = db.$client.prepare(`SELECT error FROM deliveries`).all();
    expect(errors).toEqual([
      { error: "gave up after 2 attempts: no answer within 30 ms" },
      { error: "gave up after 2 attempts: no answer within 30 ms" },
    ]);
  });

  it("stops cleanly: no new claims, requests in flight finish and are recorded", async () => {
    const db = createTestDb();
    const id = start(db, { "push.test.example": 500 });
    const { sender, calls } = createScriptedSender(async () => {
      await sleep(20);
      return { kind: "accepted", statusCode: 201 };
    });
    const loop = startSenderLoop(runner(db, sender, { concurrency: 10 }), { pollIntervalMs: 10 });
    await sleep(80);
    await loop.stop();
    expect(loop.stopped).toBe(true);
    const counts = deliveryStatusCounts(db, id);
    expect(counts.sending ?? 0).toBe(0);
    expect(counts.accepted).toBe(calls.length);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThan(500);
    expect(campaignRow(db, id).acceptedCount).toBe(calls.length);
  });
});
