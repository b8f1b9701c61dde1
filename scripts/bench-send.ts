// npm run bench:send [-- --subscribers 1000000 --concurrency 64 --naive-max 20000 --floor-max 40000 --send-max N --only a|b|c]
// A benchmark, not a test. Against a local https sink push service in its own process, measures:
//   (a) naive baseline: web-push sendNotification per message, same concurrency;
//   (b) Pushboard end to end: audience snapshot → claim → build → HTTPS POST → record (lib/delivery);
//   (c) crypto floor: request building alone on every core (worker_threads).
import { fork, type ChildProcess } from "node:child_process";
import { createECDH, randomBytes } from "node:crypto";
import { Agent } from "node:https";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { sql } from "drizzle-orm";
import webpush from "web-push";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recordOutcomes, type DeliveryResult } from "@/lib/delivery/record";
import { snapshotCampaign } from "@/lib/delivery/snapshot";
import { encodePushPayload } from "@/lib/push/payload";
import { buildPushRequest } from "@/lib/push/request";
import { createPushSender } from "@/lib/push/sender";
import { createVapidAuth } from "@/lib/push/vapid";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { ensureTestTls } from "@/test/support/tls";

type Args = { subscribers: number; concurrency: number; naiveMax: number; floorMax: number; sendMax: number; keep: boolean; only?: string };

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    subscribers: value("subscribers", 20_000),
    concurrency: value("concurrency", 64),
    naiveMax: value("naive-max", 20_000),
    floorMax: value("floor-max", 40_000),
    // (b) always snapshots every subscriber; this caps how many of them it then sends (default: all)
    sendMax: value("send-max", Number.MAX_SAFE_INTEGER),
    keep: argv.includes("--keep-db"),
    // --only b: run one part alone (for `node --cpu-prof`)
    only: argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined,
  };
}

const KEY_POOL = 64; // the sink does not decrypt, so subscribers can share a few real P-256 keys
function keyPool() {
  return Array.from({ length: KEY_POOL }, () => {
    const ecdh = createECDH("prime256v1");
    return { p256dh: ecdh.generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  });
}

const PAYLOAD = { title: "Sale starts now", body: "20% off everything today only", clickUrl: "https://site.example/sale?c=1", campaignId: 1 };

/** Latency samples (ms) in a bounded reservoir, so a million messages cost no memory. */
class Latencies {
  private samples = new Float64Array(200_000);
  private seen = 0;
  add(ms: number) {
    const i = this.seen < this.samples.length ? this.seen : Math.floor(Math.random() * (this.seen + 1));
    if (i < this.samples.length) this.samples[i] = ms;
    this.seen++;
  }
  quantile(q: number) {
    const sorted = this.samples.slice(0, Math.min(this.seen, this.samples.length)).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  }
}

class RssPeak {
  peak = process.memoryUsage.rss();
  private timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), 50);
  reset() {
    this.peak = process.memoryUsage.rss();
  }
  stop() {
    clearInterval(this.timer);
  }
}

type SinkUsage = { cpuUserMs: number; cpuSystemMs: number; accepted: number; maxRssMb: number };

async function startSink(): Promise<{ origin: string; usage(): Promise<SinkUsage>; stop(): void; child: ChildProcess }> {
  const child = fork(path.join(process.cwd(), "test/support/strict-push-service/sink-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { origin: string }).origin));
    child.once("exit", (code) => reject(new Error(`sink exited with ${code}`)));
  });
  return {
    origin,
    child,
    usage: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve(m as SinkUsage));
        child.send("usage");
      }),
    stop: () => child.disconnect(),
  };
}

/** Runs `total` jobs with at most `concurrency` in flight. */
async function pool(total: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

async function naiveBaseline(origin: string, keys: ReturnType<typeof keyPool>, count: number, concurrency: number, vapid: ReturnType<typeof generateVapidKeys>) {
  const agent = new Agent({ keepAlive: true, ca: ensureTestTls().cert }); // what the global agent does, plus our test CA
  const latencies = new Latencies();
  const payload = encodePushPayload({ ...PAYLOAD, receiptToken: "r".repeat(22) }).json;
  let failures = 0;
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const t = performance.now();
    const key = keys[i % KEY_POOL]!;
    try {
      await webpush.sendNotification({ endpoint: `${origin}/push/${i}`, keys: key }, payload, {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 86_400,
        agent,
      });
    } catch {
      failures++;
    }
    latencies.add(performance.now() - t);
  });
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rate: count / seconds, seconds, latencies, failures };
}

function seedSubscriptions(db: Db, host: string, count: number, keys: ReturnType<typeof keyPool>, createdAt: number) {
  const insert = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 'other', ?, 'bench', ?, ?)`,
  );
  for (let start = 0; start < count; start += 50_000) {
    db.$client.transaction(() => {
      for (let i = start; i < Math.min(count, start + 50_000); i++) {
        const key = keys[i % KEY_POOL]!;
        insert.run(`https://${host}/push/${i}-${randomBytes(9).toString("base64url")}`, key.p256dh, key.auth, host, createdAt, createdAt);
      }
    })();
  }
}

async function pushboardEndToEnd(db: Db, origin: string, concurrency: number, sendMax: number, vapid: ReturnType<typeof generateVapidKeys>, rss: RssPeak) {
  const host = new URL(origin).host;
  const now = Date.now();
  const campaignId = db.$client
    .prepare(`INSERT INTO campaigns (title, body, url, audience, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
    .pluck()
    .get(PAYLOAD.title, PAYLOAD.body, PAYLOAD.clickUrl, JSON.stringify({ includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] }), now, now) as number;
  sendCampaignNow(db, campaignId, new Date(now));
  rss.reset();
  const snapStart = performance.now();
  const targeted = snapshotCampaign(db, campaignId, { resolveAudience: () => sql`status = 'active'`, now: now + 1 });
  const snapshotSeconds = (performance.now() - snapStart) / 1000;

  const sender = createPushSender({ vapid, extraHosts: [host], ca: ensureTestTls().cert, maxSocketsPerOrigin: concurrency });
  const latencies = new Latencies();
  const workerId = "bench";
  const results: DeliveryResult[] = [];
  const tally = { accepted: 0, other: 0 };
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const flush = () => {
    for (const r of recordOutcomes(db, results.splice(0), { workerId, now: Date.now() })) {
      if (r.status === "accepted") tally.accepted++;
      else tally.other++;
    }
  };
  const sendOne = async (delivery: ClaimedDelivery) => {
    const t = performance.now();
    const payload = encodePushPayload({ ...PAYLOAD, campaignId, receiptToken: delivery.receiptToken }).json;
    const outcome = await sender.send(delivery.target, { payload, ttl: 86_400, urgency: "normal" });
    latencies.add(performance.now() - t);
    results.push({ delivery, outcome });
    inFlight--;
    if (results.length >= 256) flush();
    wake?.();
  };

  // Claims run in batches of CLAIM_BATCH into a local queue: one claim transaction per few hundred rows.
  const CLAIM_BATCH = Math.max(256, concurrency * 2);
  const queue: ClaimedDelivery[] = [];
  let sent = 0;
  let exhausted = false;
  const started = performance.now();
  for (;;) {
    if (!exhausted && queue.length < concurrency && sent < sendMax) {
      const { claimed } = claimDeliveries(db, { campaignId, workerId, limit: Math.min(CLAIM_BATCH, sendMax - sent - queue.length), now: Date.now(), leaseMs: 300_000 });
      queue.push(...claimed);
      if (claimed.length === 0) exhausted = true;
    }
    while (inFlight < concurrency && queue.length > 0) {
      inFlight++;
      sent++;
      void sendOne(queue.shift()!);
    }
    if (inFlight === 0 && queue.length === 0 && (exhausted || sent >= sendMax)) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  flush();
  const seconds = (performance.now() - started) / 1000;
  await sender.close();
  return { rate: sent / seconds, seconds, targeted, sent, snapshotSeconds, latencies, tally };
}

async function cryptoFloor(count: number) {
  const threads = availableParallelism();
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const workers = Array.from({ length: threads }, (_, i) =>
    // A .ts worker entry needs tsx's require hook installed inside the worker first.
    new Worker(`require("tsx/cjs"); require(${JSON.stringify(__filename)});`, {
      eval: true,
      workerData: { count: Math.ceil(count / threads), seed: i, vapid },
    }),
  );
  const ready = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
  await Promise.all(ready);
  const started = performance.now();
  const done = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
  for (const w of workers) w.postMessage("go");
  await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { rate: (Math.ceil(count / threads) * threads) / seconds, seconds, threads };
}

function floorWorker() {
  const { count, vapid } = workerData as { count: number; vapid: ReturnType<typeof generateVapidKeys> };
  const keys = keyPool();
  const auth = createVapidAuth(vapid);
  const payload = encodePushPayload({ ...PAYLOAD, receiptToken: "r".repeat(22) }).json;
  parentPort!.once("message", () => {
    for (let i = 0; i < count; i++) {
      const key = keys[i % KEY_POOL]!;
      const endpoint = `https://push.example.net/push/${i}`;
      buildPushRequest({ endpoint, ...key }, { payload, ttl: 86_400, urgency: "normal" }, auth.header("https://push.example.net"));
    }
    parentPort!.postMessage("done");
  });
  parentPort!.postMessage("ready");
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const keys = keyPool();
  const rss = new RssPeak();
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-"));
  const sink = await startSink();
  console.log(`bench:send — ${fmt(args.subscribers)} subscribers, concurrency ${args.concurrency}, ${availableParallelism()} cores, sink ${sink.origin} (pid ${sink.child.pid})`);
  try {
    const db = openDatabase(path.join(dir, "bench.db"));
    migrateDatabase(db);
    const seedStart = performance.now();
    seedSubscriptions(db, new URL(sink.origin).host, args.subscribers, keys, Date.now() - 60_000);
    console.log(`seeded ${fmt(args.subscribers)} subscriptions in ${fmt((performance.now() - seedStart) / 1000, 1)} s (setup, not measured)`);

    const run = (part: string) => !args.only || args.only === part;
    const naiveCount = Math.min(args.subscribers, args.naiveMax);
    const floorCount = Math.min(args.subscribers, args.floorMax);
    const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
    const sinkCpu = (from: SinkUsage, to: SinkUsage) => (to.cpuUserMs + to.cpuSystemMs - from.cpuUserMs - from.cpuSystemMs) / 1000;
    const ms = (l: Latencies) => `p50 ${fmt(l.quantile(0.5), 2)} ms, p99 ${fmt(l.quantile(0.99), 2)} ms`;
    const lines: string[] = [];
    let a, b, c;

    if (run("a")) {
      const [s0, cpu0] = [await sink.usage(), process.cpuUsage()];
      a = await naiveBaseline(sink.origin, keys, naiveCount, args.concurrency, vapid);
      const [cpuA, s1] = [process.cpuUsage(cpu0), await sink.usage()];
      lines.push(`(a) naive web-push sendNotification  ${fmt(a.rate)} msg/s   (${fmt(naiveCount)} msgs in ${fmt(a.seconds, 1)} s; ${ms(a.latencies)}; failures ${a.failures}; CPU main ${fmt(cpu(cpuA), 1)} s, sink ${fmt(sinkCpu(s0, s1), 1)} s)`);
    }
    if (run("b")) {
      const [s1, cpu1] = [await sink.usage(), process.cpuUsage()];
      b = await pushboardEndToEnd(db, sink.origin, args.concurrency, args.sendMax, vapid, rss);
      const [cpuB, peakB, s2] = [process.cpuUsage(cpu1), rss.peak, await sink.usage()];
      lines.push(`(b) Pushboard end to end             ${fmt(b.rate)} msg/s   (${fmt(b.sent)} of ${fmt(b.targeted)} queued msgs in ${fmt(b.seconds, 1)} s; ${ms(b.latencies)}; accepted ${fmt(b.tally.accepted)}, other ${b.tally.other}; CPU main ${fmt(cpu(cpuB), 1)} s, sink ${fmt(sinkCpu(s1, s2), 1)} s)`);
      lines.push(`    audience snapshot: ${fmt(b.targeted)} subscribers in ${fmt(b.snapshotSeconds, 2)} s (target: 100,000 under 5 s)`);
      lines.push(`    peak RSS during (b): ${mb(peakB)} main process (target < 300 MB at 1,000,000); sink peak ${fmt(s2.maxRssMb)} MB`);
    }
    db.$client.close();
    if (run("c")) {
      c = await cryptoFloor(floorCount);
      lines.push(`(c) crypto floor, ${c.threads} threads           ${fmt(c.rate)} msg/s   (request building only, ${fmt(floorCount)} msgs in ${fmt(c.seconds, 1)} s)`);
    }
    console.log(["", ...lines, ""].join("\n"));
    if (a && b) console.log(`b/a = ${fmt(b.rate / a.rate, 2)}  (target ≥ 3)`);
    if (b && c) console.log(`b/c = ${fmt((100 * b.rate) / c.rate, 1)} %  (target ≥ 50 %)`);
    console.log(`whole run main-process peak RSS ${mb(rss.peak)}`);
  } finally {
    rss.stop();
    sink.stop();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
} else {
  floorWorker();
}
