// Real worker processes (scripts/worker.ts) on one database file, sending to the strict test push
// service: a worker killed mid-campaign loses nothing, and two workers never send a delivery twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { ensureTestTls } from "@/test/support/tls";
import { insertCampaign } from "@/test/support/engine-factories";
import { startStrictPushService, type StrictPushService } from "@/test/support/strict-push-service";
import {
  spawnWorker,
  stopProcess,
  storeStrictSubscriptions,
  waitFor,
  type StoredSubscription,
} from "@/test/support/engine-strict";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";

const CONCURRENCY = 16;

describe("engine worker processes", () => {
  let service: StrictPushService;
  let dir: string;
  let db: Db;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    service = await startStrictPushService();
  });
  afterAll(async () => {
    await service.close();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopProcess(child)));
    db?.$client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function setup(
    count: number,
    delayMs: number,
    startNow = true,
  ): { campaignId: number; subs: StoredSubscription[]; env: Record<string, string> } {
    dir = mkdtempSync(path.join(tmpdir(), "pushboard-workers-"));
    const file = path.join(dir, "pushboard.db");
    db = openDatabase(file);
    migrateDatabase(db);
    const subs = storeStrictSubscriptions(db, service, count);
    for (const sub of subs) service.setFault(sub.id, { kind: "delay", ms: delayMs });
    const campaignId = insertCampaign(db, { ttl: 3600 });
    if (startNow) sendCampaignNowSync(db, campaignId, new Date());
    const env = {
      DATABASE_PATH: file,
      PUSH_EXTRA_HOSTS: new URL(service.origin).host,
      NODE_EXTRA_CA_CERTS: ensureTestTls().caBundlePath,
      SENDER_CONCURRENCY: String(CONCURRENCY),
      SENDER_LEASE_MS: "2000",
      SENDER_MODE: "off",
    };
    return { campaignId, subs, env };
  }

  function start(env: Record<string, string>) {
    const child = spawnWorker(env);
    children.push(child);
    return child;
  }

  const statusOf = (campaignId: number) =>
    (db.$client.prepare(`SELECT status FROM campaigns WHERE id = ?`).get(campaignId) as { status: string }).status;
  const acceptedAt = (subs: StoredSubscription[]) =>
    subs.map((s) => service.requests(s.id).filter((r) => r.status === 201).length);

  it("survives a SIGKILL mid-campaign: everyone receives it, duplicates stay within the in-flight bound", async () => {
    const { campaignId, subs, env } = setup(600, 15);
    const first = start(env);
    await waitFor(() => service.requests().length >= 150, 20_000, `first worker to send (${first.output()})`);
    await stopProcess(first, "SIGKILL");
    expect(statusOf(campaignId)).toBe("sending");
    const sentByFirst = acceptedAt(subs).reduce((a, b) => a + b, 0);
    expect(sentByFirst).toBeLessThan(600);

    const second = start(env);
    await waitFor(() => statusOf(campaignId) === "sent", 25_000, `the campaign to complete (${second.output()})`);
    const perSubscription = acceptedAt(subs);
    expect(perSubscription.every((n) => n >= 1)).toBe(true);
    const duplicates = perSubscription.reduce((a, b) => a + b, 0) - subs.length;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    const counters = db.$client
      .prepare(`SELECT targeted_count, accepted_count FROM campaigns WHERE id = ?`)
      .get(campaignId);
    expect(counters).toEqual({ targeted_count: 600, accepted_count: 600 });
    await stopProcess(second, "SIGTERM");
    expect(second.output()).toContain("[worker] stopped");
  }, 60_000);

  it("two workers on one database never send the same delivery twice", async () => {
    const { campaignId, subs, env } = setup(800, 20, false);
    const a = start(env);
    const b = start(env);
    // both are up before the campaign starts, so both take part
    await waitFor(
      () => a.output().includes("sending from") && b.output().includes("sending from"),
      20_000,
      "both workers to start",
    );
    sendCampaignNowSync(db, campaignId, new Date());
    await waitFor(
      () => statusOf(campaignId) === "sent",
      30_000,
      `the campaign to complete (${a.output()} ${b.output()})`,
    );
    const perSubscription = subs.map((s) => service.requests(s.id).length);
    expect(perSubscription.every((n) => n === 1)).toBe(true);
    const senders = db.$client
      .prepare(`SELECT leased_by AS worker, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY leased_by`)
      .all(campaignId) as { worker: string; n: number }[];
    expect(senders).toHaveLength(2);
    for (const { worker, n } of senders) {
      expect(worker).toMatch(/^[^:]+:\d+:[0-9a-f]{8}$/);
      expect(n).toBeGreaterThan(50);
    }
    await Promise.all([stopProcess(a, "SIGTERM"), stopProcess(b, "SIGTERM")]);
    expect(a.output()).toContain("[worker] stopped");
    expect(b.output()).toContain("[worker] stopped");
  }, 60_000);
});
