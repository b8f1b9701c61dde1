// (b) on SQLite: the audience snapshot, then the real delivery runner and push client (claim → encrypt
// on worker threads → HTTPS POST → record) in this process, as `npm run worker` runs them. Besides the
// process's CPU it measures the database's: the main thread's CPU inside the SQLite connection's gate
// callbacks (every statement and sync body of the queue — claimDeliveriesSync, recordOutcomesSync, the
// runner's Drizzle queries — runs there, synchronously) plus the snapshot, which the bench calls directly.
import { sql } from "drizzle-orm";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import type { Db } from "@/lib/db/client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { snapshotCampaignSync } from "@/lib/delivery/snapshot";
import { createPushSender } from "@/lib/push/sender";
import type { PushSender } from "@/lib/push/types";
import type { generateVapidKeys } from "@/lib/settings/bootstrap";
import { createDeliveryRunner } from "@/lib/sender/runner";
import { ensureTestTls } from "@/test/support/tls";
import { benchEndpoint, KEY_POOL, Latencies, PAYLOAD, threadCpu, type KeyPool, type RssPeak } from "./common";
import { CpuMeter, meterDelta, meterSummary } from "./cpu-meter";

export function seedSubscriptions(db: Db, host: string, count: number, keys: KeyPool, createdAt: number) {
  const insert = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 'other', ?, 'bench', ?, ?)`,
  );
  for (let start = 0; start < count; start += 50_000) {
    db.$client.transaction(() => {
      for (let i = start; i < Math.min(count, start + 50_000); i++) {
        const key = keys[i % KEY_POOL]!;
        insert.run(benchEndpoint(host, i), key.p256dh, key.auth, host, createdAt, createdAt);
      }
    })();
  }
}

/** Measures every callback the connection's gate runs (bench only: the instance's methods are wrapped). */
function meterGate(db: Db): CpuMeter {
  const meter = new CpuMeter();
  const gate = gateOf(db.$client);
  const whenFree = gate.whenFree.bind(gate);
  const asHolder = gate.asHolder.bind(gate);
  gate.whenFree = <T>(fn: () => T) => whenFree(() => meter.measure(fn));
  gate.asHolder = <T>(fn: () => T) => asHolder(() => meter.measure(fn));
  return meter;
}

/** Runs the real engine (lib/sender/runner.ts with the real push client), as `npm run worker` does. */
export async function pushboardEndToEnd(
  db: Db,
  origin: string,
  concurrency: number,
  vapid: ReturnType<typeof generateVapidKeys>,
  rss: RssPeak,
) {
  const host = new URL(origin).host;
  const now = Date.now();
  const campaignId = db.$client
    .prepare(
      `INSERT INTO campaigns (title, body, url, audience, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(
      PAYLOAD.title,
      PAYLOAD.body,
      PAYLOAD.clickUrl,
      JSON.stringify({ includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] }),
      now,
      now,
    ) as number;
  sendCampaignNowSync(db, campaignId, new Date(now));
  const meter = meterGate(db);
  rss.reset();
  const started = performance.now();
  const database0 = meter.reading();
  // the snapshot is timed on its own here; the runner then finds it done and only sends
  const targeted = meter.measure(() =>
    snapshotCampaignSync(db, campaignId, { resolveAudience: () => sql`status = 'active'`, now: now + 1 }),
  );
  const snapshotSeconds = (performance.now() - started) / 1000;

  const latencies = new Latencies();
  const real = createPushSender({
    vapid,
    extraHosts: [host],
    ca: ensureTestTls().cert,
    maxSocketsPerOrigin: concurrency,
  });
  // the same sender, timed per message
  const sender: PushSender = {
    async send(target, message) {
      const t = performance.now();
      const outcome = await real.send(target, message);
      latencies.add(performance.now() - t);
      return outcome;
    },
    close: () => real.close(),
  };
  const runner = createDeliveryRunner({
    db: sqliteAppDb(db),
    sender,
    workerId: "bench",
    resolveAudience: async () => sql`status = 'active'`,
    concurrency,
    perOriginConcurrency: concurrency, // one sink origin: let it use every slot, as (a) does
    leaseMs: 300_000,
  });
  await runner.runUntilIdle({ campaignId, timeoutMs: 6 * 3600_000 });
  const seconds = (performance.now() - started) / 1000;
  const database = meterSummary(meterDelta(database0, meter.reading()));
  const threadsAtEnd = threadCpu(); // before close: a finished thread leaves /proc with its CPU time
  await sender.close();
  const tally = db.$client
    .prepare(`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY status`)
    .all(campaignId) as { status: string; n: number }[];
  const sent = tally.reduce((sum, row) => sum + row.n, 0);
  return { rate: sent / seconds, seconds, targeted, sent, snapshotSeconds, latencies, tally, threadsAtEnd, database };
}
