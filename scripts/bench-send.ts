// npm run bench:send [-- --subscribers 1000000 --concurrency 64 --naive-max 20000 --floor-max 40000 --only a|b|c]
// A benchmark, not a test. Against a local https sink push service in its own process, measures:
//   (a) naive baseline: web-push sendNotification per message, same concurrency;
//   (b) Pushboard end to end: audience snapshot, then the real delivery runner and push client
//       (claim → encrypt on worker threads → HTTPS POST → record), as `npm run worker` runs them;
//   (c) crypto floor: request building alone (our RFC 8291 code, as (b) uses it) on every core;
//       web-push's generateRequestDetails is measured the same way for reference.
import { fork, type ChildProcess } from "node:child_process";
import { createECDH, randomBytes } from "node:crypto";
import { Agent } from "node:https";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { sql } from "drizzle-orm";
import webpush from "web-push";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { snapshotCampaignSync } from "@/lib/delivery/snapshot";
import { encodePushPayload } from "@/lib/push/payload";
import { buildPushRequest } from "@/lib/push/request";
import { createPushSender } from "@/lib/push/sender";
import type { PushSender } from "@/lib/push/types";
import { createVapidAuth } from "@/lib/push/vapid";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { createDeliveryRunner } from "@/lib/sender/runner";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { ensureTestTls } from "@/test/support/tls";

type Args = {
  subscribers: number;
  concurrency: number;
  naiveMax: number;
  floorMax: number;
  keep: boolean;
  only?: string;
};

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

const PAYLOAD = {
  title: "Sale starts now",
  body: "20% off everything today only",
  clickUrl: "https://site.example/sale?c=1",
  campaignId: 1,
};

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
  private timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), 100);
  reset() {
    this.peak = process.memoryUsage.rss();
  }
  stop() {
    clearInterval(this.timer);
  }
}

/**
 * CPU seconds per thread of this process from /proc (Linux): unlike wall time, not inflated when
 * other programs load the machine. The main thread's tid is the pid; the rest are the encryption
 * workers, the crypto-floor workers, libuv's pool and V8's helpers.
 */
function threadCpu(): { main: number; others: number } | null {
  try {
    const tick = 100; // USER_HZ on Linux
    let main = 0;
    let others = 0;
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
      if (Number(tid) === process.pid) main += seconds;
      else others += seconds;
    }
    return { main, others };
  } catch {
    return null;
  }
}

type SinkUsage = { cpuUserMs: number; cpuSystemMs: number; accepted: number; maxRssMb: number };

async function startSink(): Promise<{
  origin: string;
  usage(): Promise<SinkUsage>;
  stop(): void;
  child: ChildProcess;
}> {
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

async function naiveBaseline(
  origin: string,
  keys: ReturnType<typeof keyPool>,
  count: number,
  concurrency: number,
  vapid: ReturnType<typeof generateVapidKeys>,
) {
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
        insert.run(
          `https://${host}/push/${i}-${randomBytes(9).toString("base64url")}`,
          key.p256dh,
          key.auth,
          host,
          createdAt,
          createdAt,
        );
      }
    })();
  }
}

/** Runs the real engine (lib/sender/runner.ts with the real push client), as `npm run worker` does. */
async function pushboardEndToEnd(
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
  rss.reset();
  const started = performance.now();
  // the snapshot is timed on its own here; the runner then finds it done and only sends
  const targeted = snapshotCampaignSync(db, campaignId, {
    resolveAudience: () => sql`status = 'active'`,
    now: now + 1,
  });
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
  const threadsAtEnd = threadCpu(); // before close: a finished thread leaves /proc with its CPU time
  await sender.close();
  const tally = db.$client
    .prepare(`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY status`)
    .all(campaignId) as { status: string; n: number }[];
  const sent = tally.reduce((sum, row) => sum + row.n, 0);
  return { rate: sent / seconds, seconds, targeted, sent, snapshotSeconds, latencies, tally, threadsAtEnd };
}

async function cryptoFloor(count: number, builder: "ours" | "web-push") {
  const threads = availableParallelism();
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const workers = Array.from(
    { length: threads },
    (_, i) =>
      // A .ts worker entry needs tsx's require hook installed inside the worker first.
      new Worker(`require("tsx/cjs"); require(${JSON.stringify(__filename)});`, {
        eval: true,
        workerData: { count: Math.ceil(count / threads), seed: i, vapid, builder },
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
  const { count, vapid, builder } = workerData as {
    count: number;
    vapid: ReturnType<typeof generateVapidKeys>;
    builder: "ours" | "web-push";
  };
  const keys = keyPool();
  const auth = createVapidAuth(vapid);
  const payload = encodePushPayload({ ...PAYLOAD, receiptToken: "r".repeat(22) }).json;
  parentPort!.once("message", () => {
    for (let i = 0; i < count; i++) {
      const key = keys[i % KEY_POOL]!;
      const endpoint = `https://push.example.net/push/${i}`;
      const authorization = auth.header("https://push.example.net");
      if (builder === "ours")
        buildPushRequest({ endpoint, ...key }, { payload, ttl: 86_400, urgency: "normal" }, authorization);
      else
        webpush.generateRequestDetails({ endpoint, keys: key }, payload, {
          vapidDetails: null as never,
          TTL: 86_400,
          contentEncoding: "aes128gcm",
          headers: { Authorization: authorization },
        });
    }
    parentPort!.postMessage("done");
  });
  parentPort!.postMessage("ready");
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const keys = keyPool();
  const rss = new RssPeak();
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-"));
  const sink = await startSink();
  console.log(
    `bench:send — ${fmt(args.subscribers)} subscribers, concurrency ${args.concurrency}, ${availableParallelism()} cores, sink ${sink.origin} (pid ${sink.child.pid})`,
  );
  try {
    const db = openDatabase(path.join(dir, "bench.db"));
    migrateDatabase(db);
    const seedStart = performance.now();
    seedSubscriptions(db, new URL(sink.origin).host, args.subscribers, keys, Date.now() - 60_000);
    console.log(
      `seeded ${fmt(args.subscribers)} subscriptions in ${fmt((performance.now() - seedStart) / 1000, 1)} s (setup, not measured)`,
    );

    const run = (part: string) => !args.only || args.only === part;
    const naiveCount = Math.min(args.subscribers, args.naiveMax);
    const floorCount = Math.min(args.subscribers, args.floorMax);
    const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
    const sinkCpu = (from: SinkUsage, to: SinkUsage) =>
      (to.cpuUserMs + to.cpuSystemMs - from.cpuUserMs - from.cpuSystemMs) / 1000;
    const ms = (l: Latencies) => `p50 ${fmt(l.quantile(0.5), 2)} ms, p99 ${fmt(l.quantile(0.99), 2)} ms`;
    const lines: string[] = [];
    let a, b, c;

    if (run("a")) {
      const [s0, cpu0] = [await sink.usage(), process.cpuUsage()];
      a = await naiveBaseline(sink.origin, keys, naiveCount, args.concurrency, vapid);
      const [cpuA, s1] = [process.cpuUsage(cpu0), await sink.usage()];
      lines.push(
        `(a) naive web-push sendNotification  ${fmt(a.rate)} msg/s   (${fmt(naiveCount)} msgs in ${fmt(a.seconds, 1)} s; ${ms(a.latencies)}; failures ${a.failures}; CPU main ${fmt(cpu(cpuA), 1)} s, sink ${fmt(sinkCpu(s0, s1), 1)} s)`,
      );
    }
    if (run("b")) {
      const [s1, cpu1, threads1] = [await sink.usage(), process.cpuUsage(), threadCpu()];
      b = await pushboardEndToEnd(db, sink.origin, args.concurrency, vapid, rss);
      const [cpuB, peakB, s2, threads2] = [process.cpuUsage(cpu1), rss.peak, await sink.usage(), b.threadsAtEnd];
      lines.push(
        `(b) Pushboard end to end             ${fmt(b.rate)} msg/s   (${fmt(b.sent)} of ${fmt(b.targeted)} queued msgs in ${fmt(b.seconds, 1)} s; ${ms(b.latencies)}; ${b.tally.map((t) => `${t.status} ${fmt(t.n)}`).join(", ")}; CPU main process ${fmt(cpu(cpuB), 1)} s, sink ${fmt(sinkCpu(s1, s2), 1)} s)`,
      );
      if (threads1 && threads2) {
        const perMessage = (seconds: number) => `${fmt((seconds * 1e6) / b!.sent)} µs`;
        lines.push(
          `    CPU per message: main thread ${perMessage(threads2.main - threads1.main)}, other threads ${perMessage(threads2.others - threads1.others)}, sink ${perMessage(sinkCpu(s1, s2))}`,
        );
      }
      lines.push(
        `    audience snapshot: ${fmt(b.targeted)} subscribers in ${fmt(b.snapshotSeconds, 2)} s (target: 100,000 under 5 s)`,
      );
      lines.push(
        `    peak RSS during (b): ${mb(peakB)} main process (target < 300 MB at 1,000,000); sink peak ${fmt(s2.maxRssMb)} MB`,
      );
    }
    db.$client.close();
    if (run("c")) {
      c = await cryptoFloor(floorCount, "ours");
      lines.push(
        `(c) crypto floor, ${c.threads} threads           ${fmt(c.rate)} msg/s   (our request building only, ${fmt(floorCount)} msgs in ${fmt(c.seconds, 1)} s)`,
      );
      const w = await cryptoFloor(floorCount, "web-push");
      lines.push(`    for reference, web-push's generateRequestDetails on ${w.threads} threads: ${fmt(w.rate)} msg/s`);
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
