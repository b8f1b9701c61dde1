// Real worker processes (scripts/worker.ts) on one database — a SQLite file, or one PostgreSQL database
// that workers on many machines would share — sending to the strict test push service: a worker killed
// mid-campaign loses nothing, and several workers never send a delivery twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { ensureTestTls } from "@/test/support/tls";
import { ENGINES } from "@/test/support/databases";
import { seedCampaign } from "@/test/support/seeds";
import { openProcessDatabase, type ProcessDatabase } from "@/test/support/process-databases";
import { startStrictPushService, type StrictPushService } from "@/test/support/strict-push-service";
import {
  spawnWorker,
  stopProcess,
  storeStrictSubscriptionsIn,
  waitFor,
  type StoredSubscription,
} from "@/test/support/engine-strict";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { readSetting, writeSetting } from "@/lib/settings/store";

const CONCURRENCY = 16;

describe.each(ENGINES)("engine worker processes on %s", (engine) => {
  let service: StrictPushService;
  let shared: ProcessDatabase | null = null;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    service = await startStrictPushService();
  });
  afterAll(async () => {
    await service.close();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopProcess(child)));
    await shared?.close();
    shared = null;
  });

  async function setup(count: number, delayMs: number, startNow = true) {
    shared = await openProcessDatabase(engine);
    const { db } = shared;
    const subs = await storeStrictSubscriptionsIn(db, service, count);
    for (const sub of subs) service.setFault(sub.id, { kind: "delay", ms: delayMs });
    const campaignId = await seedCampaign(db, { ttl: 3600 });
    if (startNow) await sendCampaignNow(db, campaignId, new Date());
    const env = {
      ...shared.env,
      PUSH_EXTRA_HOSTS: new URL(service.origin).host,
      NODE_EXTRA_CA_CERTS: ensureTestTls().caBundlePath,
      SENDER_CONCURRENCY: String(CONCURRENCY),
      SENDER_LEASE_MS: "2000",
      SENDER_MODE: "off",
    };
    return { db, campaignId, subs, env };
  }

  function start(env: Record<string, string>) {
    const child = spawnWorker(env);
    children.push(child);
    return child;
  }

  // polled while workers run: read the row afresh each time, on whichever engine
  let lastStatus = "";
  async function statusOf(campaignId: number): Promise<string> {
    const [row] = await queryRows<{ status: string }>(
      shared!.db,
      sql`SELECT status FROM campaigns WHERE id = ${campaignId}`,
    );
    return (lastStatus = row!.status);
  }
  async function waitForStatus(campaignId: number, status: string, timeoutMs: number, what: string) {
    const until = Date.now() + timeoutMs;
    while ((await statusOf(campaignId)) !== status) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${lastStatus})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const acceptedPer = (subs: StoredSubscription[]) =>
    subs.map((s) => service.requests(s.id).filter((r) => r.status === 201).length);

  it("survives a SIGKILL mid-campaign: everyone receives it, duplicates stay within the in-flight bound", async () => {
    const { db, campaignId, subs, env } = await setup(600, 15);
    const first = start(env);
    await waitFor(() => service.requests().length >= 150, 30_000, `first worker to send (${first.output()})`);
    await stopProcess(first, "SIGKILL");
    expect(await statusOf(campaignId)).toBe("sending");
    const sentByFirst = acceptedPer(subs).reduce((a, b) => a + b, 0);
    expect(sentByFirst).toBeLessThan(600);

    const second = start(env);
    await waitForStatus(campaignId, "sent", 40_000, `the campaign to complete (${second.output()})`);
    const perSubscription = acceptedPer(subs);
    expect(perSubscription.every((n) => n >= 1)).toBe(true);
    const duplicates = perSubscription.reduce((a, b) => a + b, 0) - subs.length;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    const [counters] = await queryRows<{ targeted: number; accepted: number }>(
      db,
      sql`SELECT targeted_count AS targeted, accepted_count AS accepted FROM campaigns WHERE id = ${campaignId}`,
    );
    expect(counters).toEqual({ targeted: 600, accepted: 600 });
    await stopProcess(second, "SIGTERM");
    expect(second.output()).toContain("[worker] stopped");
  }, 90_000);

  it("four workers on one database never send the same delivery twice", async () => {
    const { db, campaignId, subs, env } = await setup(1_200, 20, false);
    const workers = [start(env), start(env), start(env), start(env)];
    // all are up before the campaign starts, so all take part
    await waitFor(
      () => workers.every((w) => w.output().includes("sending from")),
      40_000,
      `four workers to start (${workers.map((w) => w.output()).join(" | ")})`,
    );
    await sendCampaignNow(db, campaignId, new Date());
    await waitForStatus(
      campaignId,
      "sent",
      60_000,
      `the campaign to complete (${workers.map((w) => w.output()).join(" | ")})`,
    );
    const perSubscription = subs.map((s) => service.requests(s.id).length);
    expect(perSubscription.filter((n) => n !== 1)).toEqual([]);
    const senders = await queryRows<{ worker: string; n: number }>(
      db,
      sql`SELECT leased_by AS worker, count(*) AS n FROM deliveries WHERE campaign_id = ${campaignId} GROUP BY leased_by`,
    );
    expect(senders).toHaveLength(4);
    for (const { worker, n } of senders) {
      expect(worker).toMatch(/^[^:]+:\d+:[0-9a-f]{8}$/);
      expect(Number(n)).toBeGreaterThan(30);
    }
    await Promise.all(workers.map((w) => stopProcess(w, "SIGTERM")));
    for (const w of workers) expect(w.output()).toContain("[worker] stopped");
  }, 120_000);

  it("a VAPID key rotation reaches every running worker within seconds, with no restart", async () => {
    const { db, campaignId, subs, env } = await setup(400, 10, false);
    const workers = [start(env), start(env)];
    await waitFor(
      () => workers.every((w) => w.output().includes("sending from")),
      40_000,
      `two workers to start (${workers.map((w) => w.output()).join(" | ")})`,
    );
    const first = await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema);
    expect(first).toBeDefined();
    // what a rotation in Settings stores, written by another process (this test) while both workers run
    const rotated = generateVapidKeys("mailto:rotated@pushboard.example");
    await writeSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema, rotated);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the workers re-read every 2 s
    await sendCampaignNow(db, campaignId, new Date());
    await waitForStatus(
      campaignId,
      "sent",
      40_000,
      `the campaign to complete (${workers.map((w) => w.output()).join(" | ")})`,
    );
    const signedWith = new Set(subs.flatMap((s) => service.requests(s.id).map((r) => r.vapid?.publicKey)));
    expect([...signedWith]).toEqual([rotated.publicKey]);
    const senders = await queryRows<{ worker: string }>(
      db,
      sql`SELECT DISTINCT leased_by AS worker FROM deliveries WHERE campaign_id = ${campaignId}`,
    );
    expect(senders).toHaveLength(2);
    await Promise.all(workers.map((w) => stopProcess(w, "SIGTERM")));
  }, 90_000);
});
