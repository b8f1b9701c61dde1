// Every answer a push service can give, against the real sender and the strict test push service:
// each subscriber ends in the right state, the service saw exactly the requests it should, and the
// campaign counters add up to the audience.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { insertCampaign, deliveryStatusCounts, campaignRow } from "@/test/support/engine-factories";
import { startStrictPushService, type Fault, type StrictPushService } from "@/test/support/strict-push-service";
import { storeStrictSubscriptions, strictSender } from "@/test/support/engine-strict";
import { compileAudience } from "@/lib/audience/compile";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { createDeliveryRunner } from "@/lib/sender/runner";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { listAuthFlaggedOrigins } from "@/lib/delivery/origins";
import type { PushPayload } from "@/lib/push/types";

type Case = {
  name: string;
  fault: Fault | null;
  status: string;
  requests: number;
  subscription?: string;
  error?: RegExp;
  code?: number;
};

const cases: Case[] = [
  { name: "healthy", fault: null, status: "accepted", requests: 1, code: 201 },
  { name: "slow but in time", fault: { kind: "delay", ms: 100 }, status: "accepted", requests: 1 },
  {
    name: "gone (410)",
    fault: { kind: "status", status: 410 },
    status: "expired",
    requests: 1,
    subscription: "expired",
    code: 410,
  },
  {
    name: "unknown (404)",
    fault: { kind: "status", status: 404 },
    status: "expired",
    requests: 1,
    subscription: "expired",
    code: 404,
  },
  {
    name: "malformed (400)",
    fault: { kind: "status", status: 400, body: "bad header" },
    status: "failed",
    requests: 1,
    error: /HTTP 400: bad header/,
    code: 400,
  },
  {
    name: "VAPID refused (403)",
    fault: { kind: "status", status: 403, body: "BadJwtToken" },
    status: "failed",
    requests: 1,
    error: /403/,
    code: 403,
  },
  { name: "too large (413)", fault: { kind: "status", status: 413 }, status: "failed", requests: 1, code: 413 },
  {
    name: "transient 500 twice",
    fault: { kind: "status", status: 500, times: 2 },
    status: "accepted",
    requests: 3,
    code: 201,
  },
  {
    name: "throttled 429 + Retry-After",
    fault: { kind: "status", status: 429, retryAfter: "1", times: 1 },
    status: "accepted",
    requests: 2,
  },
  { name: "unavailable 503", fault: { kind: "status", status: 503, times: 1 }, status: "accepted", requests: 2 },
  { name: "connection reset", fault: { kind: "reset", times: 1 }, status: "accepted", requests: 2 },
  { name: "hangs once", fault: { kind: "hang", times: 1 }, status: "accepted", requests: 2 },
  {
    name: "always 502",
    fault: { kind: "status", status: 502 },
    status: "failed",
    requests: 3,
    error: /^gave up after 3 attempts: HTTP 502/,
  },
  {
    name: "redirect",
    fault: { kind: "redirect", status: 301, location: "https://evil.example/" },
    status: "failed",
    requests: 1,
    error: /redirect not followed/,
  },
];
const PER_CASE = 3;

describe("engine fault matrix (strict push service)", () => {
  let service: StrictPushService;
  beforeAll(async () => {
    service = await startStrictPushService();
  });
  afterAll(async () => {
    await service.close();
  });

  it("ends every subscriber in the right state and loses nothing", async () => {
    const db = createTestDb();
    const vapid = generateVapidKeys("mailto:ops@pushboard.example");
    const stored = cases.map((c) => {
      const subs = storeStrictSubscriptions(db, service, PER_CASE);
      for (const sub of subs) service.setFault(sub.id, c.fault);
      return subs;
    });
    const campaignId = insertCampaign(db, { ttl: 600 });
    sendCampaignNowSync(db, campaignId, new Date());
    // long enough that an ordinary answer on a loaded machine (two cores shared with a browser test run)
    // never times out and costs an extra attempt; "hangs once" waits it out once
    const sender = strictSender(service, vapid, { responseTimeoutMs: 1_500 });
    const runner = createDeliveryRunner({
      db: sqliteAppDb(db),
      sender,
      workerId: "matrix",
      resolveAudience: compileAudience,
      concurrency: 16,
      maxAttempts: 3,
      backoff: { baseMs: 50, capMs: 200 },
      errorSample: 10_000,
      log: () => {},
    });
    await runner.runUntilIdle({ campaignId, timeoutMs: 15_000 });
    await sender.close();

    const rowOf = db.$client.prepare(
      `SELECT d.status, d.status_code AS code, d.error, d.attempts, d.receipt_token AS token, s.status AS sub
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.subscription_id = ?`,
    );
    cases.forEach((c, i) => {
      for (const sub of stored[i]!) {
        const row = rowOf.get(sub.rowId) as {
          status: string;
          code: number | null;
          error: string | null;
          attempts: number;
          token: string;
          sub: string;
        };
        const seen = service.requests(sub.id);
        expect({ case: c.name, status: row.status, requests: seen.length }).toEqual({
          case: c.name,
          status: c.status,
          requests: c.requests,
        });
        expect(row.attempts, c.name).toBe(c.requests);
        expect(row.sub, c.name).toBe(c.subscription ?? "active");
        if (c.error) expect(row.error, c.name).toMatch(c.error);
        if (c.code) expect(row.code, c.name).toBe(c.code);
        if (c.status === "accepted") {
          const delivered = seen.filter((r) => r.status === 201);
          expect(delivered, c.name).toHaveLength(1);
          const payload = JSON.parse(delivered[0]!.payload!) as PushPayload;
          expect(payload.notification.data.pushboard).toMatchObject({ campaignId, receiptToken: row.token });
          expect(delivered[0]!.ttl).toBeLessThanOrEqual(600);
        }
      }
    });
    const total = cases.length * PER_CASE;
    const counts = deliveryStatusCounts(db, campaignId);
    const expected = (s: string) => cases.filter((c) => c.status === s).length * PER_CASE;
    expect(counts).toEqual({
      accepted: expected("accepted"),
      expired: expected("expired"),
      failed: expected("failed"),
    });
    expect(campaignRow(db, campaignId)).toMatchObject({
      status: "sent",
      targetedCount: total,
      acceptedCount: expected("accepted"),
      expiredCount: expected("expired"),
      failedCount: expected("failed"),
      retryingCount: 0,
    });
    const origin = db.$client.prepare(`SELECT retry_after_until, auth_flagged_at FROM push_origins`).get() as {
      retry_after_until: number;
      auth_flagged_at: number | null;
    };
    expect(origin.retry_after_until).toBeGreaterThan(0);
    expect(origin.auth_flagged_at).toBeNull();
  });

  it("pauses an origin after a run of 401/403 and flags it for the admin", async () => {
    const db = createTestDb();
    const angry = await startStrictPushService();
    try {
      const subs = storeStrictSubscriptions(db, angry, 80);
      for (const sub of subs) angry.setFault(sub.id, { kind: "status", status: 401, body: "UnauthorizedRegistration" });
      const campaignId = insertCampaign(db, { errorRateThreshold: 100 });
      sendCampaignNowSync(db, campaignId, new Date());
      const sender = strictSender(angry, generateVapidKeys("mailto:ops@pushboard.example"));
      const runner = createDeliveryRunner({
        db: sqliteAppDb(db),
        sender,
        workerId: "auth",
        resolveAudience: compileAudience,
        concurrency: 8,
        log: () => {},
      });
      const flagged = async () => (await listAuthFlaggedOrigins(sqliteAppDb(db))).length > 0;
      const until = Date.now() + 10_000;
      while (!(await flagged()) && Date.now() < until) {
        await runner.tick();
        await runner.waker.wait(10);
      }
      await runner.drain();
      expect(await listAuthFlaggedOrigins(sqliteAppDb(db))).toEqual([
        { origin: angry.origin, authFlaggedAt: expect.any(Number), lastStatusCode: 401 },
      ]);
      const sentBefore = angry.requests().length;
      for (let i = 0; i < 5; i++) {
        await runner.tick();
        await runner.drain();
      }
      // at most the requests already in flight when the run was recorded went out after the flag
      expect(sentBefore).toBeGreaterThanOrEqual(20);
      expect(sentBefore).toBeLessThanOrEqual(20 + 8);
      expect(angry.requests().length).toBe(sentBefore);
      expect(campaignRow(db, campaignId).status).toBe("sending");
      expect(deliveryStatusCounts(db, campaignId).queued).toBe(80 - sentBefore);
      await sender.close();
    } finally {
      await angry.close();
    }
  });
});
