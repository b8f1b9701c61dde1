// npm run bench:api [-- --skip-build --sender inline|worker|both|none --duration 30 --connections 200 --rate N --subscribers 50000 --port 3550 --web-processes <cores> --keep]
// A bounded load test on localhost: `npm start` (scripts/server.ts, its own build folder, a fresh temp database) sends a
// campaign to 50,000 subscribers at a local https sink push service while autocannon posts
// subscriptions and receipts at the same time, half the connections each. Prints throughput,
// latency, non-2xx by status, errors, "database is locked" in the server log and the campaign's progress.
// Stops everything it started by itself, also on Ctrl-C, an error or a hung step (watchdog).
import { spawnSync } from "node:child_process";
import { createECDH, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";
import { ensureTestTls } from "@/test/support/tls";
import { forkTracked, startLogged, startSink, stopAll, stopChild, waitForHealth, scanLog } from "./bench-api/processes";
import type { StreamRequest, StreamSummary } from "./bench-api/stream-process";

/** Each stream's autocannon runs in its own process (see stream-process.ts). */
function runStream(request: StreamRequest): Promise<StreamSummary> {
  const child = forkTracked("scripts/bench-api/stream-process.ts");
  return new Promise((resolve, reject) => {
    child.once("message", (summary) => resolve(summary as StreamSummary));
    child.once("exit", (code) =>
      reject(new Error(`the ${request.kind} load process exited with ${code} before reporting`)),
    );
    child.send(request);
  });
}

const DIST_DIR = ".next-bench-api";
const { values: args } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    sender: { type: "string", default: "both" },
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "200" },
    // requests per second over both endpoints (open loop); default: as fast as the server answers
    rate: { type: "string", default: "0" },
    subscribers: { type: "string", default: "50000" },
    // server processes (WEB_CONCURRENCY of npm start); default: one per core, as the README recommends
    "web-processes": { type: "string", default: String(availableParallelism()) },
    port: { type: "string", default: "3550" },
    keep: { type: "boolean", default: false },
  },
  strict: true,
});
const durationS = Number(args.duration);
const connections = Number(args.connections);
const rate = Number(args.rate);
const subscribers = Number(args.subscribers);
const port = Number(args.port);
const webProcesses = Number(args["web-processes"]);
type Mode = "inline" | "worker" | "none";
const modes: Mode[] = args.sender === "both" ? ["inline", "worker"] : [args.sender as Mode];
if (
  ![durationS, connections, subscribers, port, webProcesses].every((n) => Number.isSafeInteger(n) && n > 0) ||
  !(Number.isSafeInteger(rate) && rate >= 0) ||
  modes.some((m) => !["inline", "worker", "none"].includes(m))
) {
  console.error(
    "bench:api: --duration, --connections, --subscribers, --port and --web-processes take positive integers, --rate a whole number of requests/s (0: unbounded); --sender inline|worker|both|none (none: the API alone, the campaign is only snapshotted)",
  );
  process.exit(1);
}

function seed(db: Db, sinkOrigin: string, vapidPublicKey: string): void {
  const keys = Array.from({ length: 64 }, () => {
    const ecdh = createECDH("prime256v1");
    return { p256dh: ecdh.generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  });
  const host = new URL(sinkOrigin).host;
  const insert = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 'other', ?, ?, ?, ?)`,
  );
  const at = Date.now() - 60_000;
  db.$client.transaction(() => {
    for (let i = 0; i < subscribers; i++) {
      const k = keys[i % keys.length]!;
      insert.run(
        `${sinkOrigin}/push/seed-${i}-${randomBytes(6).toString("base64url")}`,
        k.p256dh,
        k.auth,
        host,
        vapidPublicKey,
        at,
        at,
      );
    }
  })();
}

function progress(db: Db, id: number) {
  return db.$client
    .prepare(
      "select status, targeted_count as targeted, accepted_count as accepted, failed_count as failed, shown_count as shown, clicked_count as clicked from campaigns where id = ?",
    )
    .get(id) as { status: string; targeted: number; accepted: number; failed: number; shown: number; clicked: number };
}

async function until<T>(what: string, timeoutMs: number, check: () => T | undefined | null | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function report(
  mode: string,
  streams: StreamSummary[],
  extra: {
    locked: number;
    errorLines: string[];
    sent: { before: number; after: number; seconds: number };
    final: ReturnType<typeof progress>;
  },
) {
  const load = rate ? `open loop at ${rate} req/s` : "closed loop: as fast as the server answers";
  const nice = process.env.SENDER_NICE ?? "10 (default)";
  console.log(
    `\n=== sender: ${mode} (SENDER_NICE ${nice}), ${webProcesses} web process${webProcesses > 1 ? "es" : ""} — ${connections} connections (${connections / 2} per endpoint, at the same time) for ${durationS} s, ${load} ===`,
  );
  for (const { name, result, statuses } of streams) {
    const non2xx =
      Object.entries(statuses)
        .filter(([s]) => !s.startsWith("2"))
        .map(([s, n]) => `${s}×${n}`)
        .join(", ") || "none";
    console.log(
      `${name.padEnd(24)} ${Math.round(result.requests.average).toString().padStart(6)} req/s  ${result.requests.total} requests  ` +
        `latency p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  ` +
        `2xx ${Object.entries(statuses)
          .filter(([s]) => s.startsWith("2"))
          .map(([s, n]) => `${s}×${n}`)
          .join(", ")}  non-2xx ${non2xx}  ` +
        `errors ${result.errors}  timeouts ${result.timeouts}`,
    );
  }
  const total = streams.reduce((sum, s) => sum + s.result.requests.average, 0);
  const worstP99 = Math.max(...streams.map((s) => s.result.latency.p99));
  console.log(`both                     ${Math.round(total).toString().padStart(6)} req/s  worst p99 ${worstP99} ms`);
  console.log(
    `"database is locked"/SQLITE_BUSY in the server log: ${extra.locked}${extra.errorLines.length ? `; other error lines:\n  ${extra.errorLines.join("\n  ")}` : ""}`,
  );
  const sentDuring = extra.sent.after - extra.sent.before;
  console.log(
    `campaign during the run: ${extra.sent.before} → ${extra.sent.after} accepted of ${extra.final.targeted} ` +
      `(${Math.round(sentDuring / extra.sent.seconds)} msg/s); at the end: ${extra.final.status}, shown ${extra.final.shown}, clicked ${extra.final.clicked}, failed ${extra.final.failed}`,
  );
}

const tempDirs = new Set<string>();

async function scenario(mode: Mode, tlsBundle: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-api-"));
  tempDirs.add(dir);
  const file = path.join(dir, "pushboard.db");
  const baseUrl = `http://localhost:${port}`;
  try {
    const sink = await startSink();
    const db = openDatabase(file);
    migrateDatabase(db);
    const vapid = ensureVapidKeysSync(db);
    let t = performance.now();
    seed(db, sink.origin, vapid.publicKey);
    console.log(
      `[${mode}] seeded ${subscribers} subscriptions at ${sink.origin} in ${Math.round(performance.now() - t)} ms`,
    );

    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      DATABASE_PATH: file,
      NEXT_DIST_DIR: DIST_DIR,
      NODE_EXTRA_CA_CERTS: tlsBundle,
      PUSH_EXTRA_HOSTS: new URL(sink.origin).host,
      SENDER_MODE: mode === "inline" ? "inline" : "off",
      PORT: String(port),
      WEB_CONCURRENCY: String(webProcesses),
      // the load generator plays the one reverse proxy in front, naming a distinct visitor per request in
      // X-Forwarded-For; without this trust every request would be one client and the limits would answer 429
      TRUST_PROXY: "1",
    };
    const serverLog = path.join(dir, "server.log");
    const server = startLogged(process.execPath, ["--import", "tsx", "scripts/server.ts"], { env, logFile: serverLog });
    await waitForHealth(`${baseUrl}/api/health`, server, 60_000, serverLog);
    const workerLog = path.join(dir, "worker.log");
    const worker =
      mode !== "inline"
        ? startLogged(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env, logFile: workerLog })
        : null;

    const { id } = db
      .insert(campaigns)
      .values({
        title: "Load test",
        body: "Sent while the API is under load",
        url: `${baseUrl}/`,
        audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
      })
      .returning({ id: campaigns.id })
      .get();
    t = performance.now();
    sendCampaignNowSync(db, id, new Date());
    await until("the audience snapshot", 120_000, () =>
      db.$client.prepare("select snapshot_done_at from campaigns where id = ?").pluck().get(id),
    );
    console.log(
      `[${mode}] campaign ${id}: snapshot of ${progress(db, id).targeted} deliveries done ${Math.round(performance.now() - t)} ms after start`,
    );
    if (mode === "none" && worker) await stopChild(worker);
    const tokens = db.$client
      .prepare("select receipt_token from deliveries where campaign_id = ? order by id")
      .pluck()
      .all(id) as string[];

    const before = progress(db, id).accepted;
    const started = performance.now();
    const half = Math.max(1, Math.floor(connections / 2));
    const tokensFile = path.join(dir, "tokens.json");
    writeFileSync(tokensFile, JSON.stringify(tokens));
    const streams = await Promise.all([
      runStream({
        kind: "subscriptions",
        baseUrl,
        connections: half,
        durationS,
        sinkOrigin: sink.origin,
        vapidPublicKey: vapid.publicKey,
        rate: rate ? Math.ceil(rate / 2) : undefined,
      }),
      runStream({
        kind: "receipts",
        baseUrl,
        connections: connections - half,
        durationS,
        tokensFile,
        rate: rate ? Math.floor(rate / 2) : undefined,
      }),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const after = progress(db, id).accepted;

    if (worker) await stopChild(worker);
    await stopChild(server);
    const scan = scanLog(serverLog);
    if (worker) {
      const w = scanLog(workerLog);
      scan.locked += w.locked;
      scan.errorLines.push(...w.errorLines.map((l) => `[worker] ${l}`));
    }
    report(mode, streams, { ...scan, sent: { before, after, seconds }, final: progress(db, id) });
    db.$client.close();
    await stopChild(sink.child);
  } finally {
    await stopAll();
    if (args.keep) console.log(`[${mode}] kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

async function main() {
  const tls = ensureTestTls();
  if (!args["skip-build"]) {
    console.log(`building into ${DIST_DIR} (--skip-build reuses it)…`);
    const build = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: DIST_DIR },
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 600_000,
    });
    if (build.status !== 0) throw new Error(`next build failed (${build.status ?? build.signal})`);
  }
  for (const mode of modes) await scenario(mode, tls.caBundlePath);
}

// bounded: each scenario needs about duration + 1 minute; past this something hung
const watchdog = setTimeout(
  () => {
    console.error("bench:api: watchdog fired, stopping everything");
    void stopAll().finally(() => process.exit(2));
  },
  (modes.length * (durationS + 240) + (args["skip-build"] ? 0 : 600)) * 1000,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\nbench:api: ${signal}, stopping everything`);
    void stopAll().finally(() => {
      if (!args.keep) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

main()
  .then(() => clearTimeout(watchdog))
  .catch(async (error: unknown) => {
    console.error("bench:api failed:", error instanceof Error ? error.message : error);
    await stopAll();
    clearTimeout(watchdog);
    process.exitCode = 1;
  });
