// npm run bench:api [-- --skip-build --sender inline|worker|both|none --duration 30 --connections 200 --rate N --subscribers 50000 --port 3550 --web-processes <cores> --keep --db sqlite|postgres]
// A bounded load test on localhost: `npm start` (scripts/server.ts, its own build folder, a fresh temp database) sends a
// campaign to 50,000 subscribers at a local https sink push service while autocannon posts
// subscriptions and receipts at the same time, half the connections each. Prints throughput,
// latency, non-2xx by status, errors, "database is locked" in the server log and the campaign's progress.
// Stops everything it started by itself, also on Ctrl-C, an error or a hung step (watchdog).
// --db postgres: each scenario runs on SQLite and then on PostgreSQL (a fresh database in one durable
// cluster the bench starts and removes), and the target is printed for both side by side.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureTestTls } from "@/test/support/tls";
import { startBenchCluster, type BenchCluster } from "./bench-send/pg-cluster";
import {
  buildInto,
  until,
  forkTracked,
  startLogged,
  startSink,
  stopAll,
  stopChild,
  waitForHealth,
  scanLog,
} from "./bench-api/processes";
import { report, targetLines, type ReportSettings, type ScenarioResult } from "./bench-api/report";
import { postgresStore, sqliteStore, type Progress } from "./bench-api/store";
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
    db: { type: "string", default: "sqlite" },
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
  modes.some((m) => !["inline", "worker", "none"].includes(m)) ||
  !["sqlite", "postgres"].includes(args.db)
) {
  console.error(
    "bench:api: --duration, --connections, --subscribers, --port and --web-processes take positive integers, --rate a whole number of requests/s (0: unbounded); --sender inline|worker|both|none (none: the API alone, the campaign is only snapshotted); --db sqlite|postgres",
  );
  process.exit(1);
}

const settings: ReportSettings = { connections, durationS, rate, webProcesses };

const tempDirs = new Set<string>();

let cluster: BenchCluster | null = null;
const results: ScenarioResult[] = [];

async function scenario(mode: Mode, engine: "sqlite" | "postgres", tlsBundle: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-api-"));
  tempDirs.add(dir);
  const baseUrl = `http://localhost:${port}`;
  const tag = engine === "postgres" ? `${mode} on PostgreSQL` : mode;
  try {
    const sink = await startSink();
    let t = performance.now();
    const store =
      engine === "postgres"
        ? await postgresStore(cluster!, `bench_api_${mode}`, sink.origin, subscribers)
        : await sqliteStore(dir, sink.origin, subscribers);
    console.log(
      `[${tag}] seeded ${subscribers} subscriptions at ${sink.origin} in ${Math.round(performance.now() - t)} ms`,
    );

    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      ...store.env,
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

    t = performance.now();
    const id = await store.startCampaign(baseUrl);
    await until("the audience snapshot", 120_000, () => store.snapshotDone(id));
    console.log(
      `[${tag}] campaign ${id}: snapshot of ${(await store.progress(id)).targeted} deliveries done ${Math.round(performance.now() - t)} ms after start`,
    );
    if (mode === "none" && worker) await stopChild(worker);
    const tokens = await store.tokens(id);

    const before = (await store.progress(id)).accepted;
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
        vapidPublicKey: store.vapidPublicKey,
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
    const after = (await store.progress(id)).accepted;

    if (worker) await stopChild(worker);
    await stopChild(server);
    const scan = scanLog(serverLog);
    if (worker) {
      const w = scanLog(workerLog);
      scan.locked += w.locked;
      scan.errorLines.push(...w.errorLines.map((l) => `[worker] ${l}`));
    }
    const final: Progress = await store.progress(id);
    results.push(report(settings, engine, mode, streams, { ...scan, sent: { before, after, seconds }, final }));
    await store.close();
    await stopChild(sink.child);
  } finally {
    await stopAll();
    if (args.keep) console.log(`[${tag}] kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

async function main() {
  const tls = ensureTestTls();
  if (!args["skip-build"]) {
    buildInto(DIST_DIR);
  }
  if (args.db === "postgres") {
    cluster = await startBenchCluster();
    console.log(
      `PostgreSQL ${cluster.version}: one durable cluster started by the bench (fsync on, synchronous_commit on), a fresh database per scenario`,
    );
  }
  try {
    for (const mode of modes) {
      await scenario(mode, "sqlite", tls.caBundlePath);
      if (cluster) await scenario(mode, "postgres", tls.caBundlePath);
    }
  } finally {
    cluster?.stop();
    cluster = null;
  }
  console.log(targetLines(results, settings, subscribers).join("\n"));
}

// bounded: each scenario needs about duration + 1 minute; past this something hung
const watchdog = setTimeout(
  () => {
    console.error("bench:api: watchdog fired, stopping everything");
    void stopAll().finally(() => {
      cluster?.stop();
      process.exit(2);
    });
  },
  (modes.length * (args.db === "postgres" ? 2 : 1) * (durationS + 240) + (args["skip-build"] ? 0 : 600)) * 1000,
);

process.once("exit", () => cluster?.stop()); // the last resort: no cluster outlives the bench

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\nbench:api: ${signal}, stopping everything`);
    void stopAll().finally(() => {
      cluster?.stop();
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
    cluster?.stop();
    clearTimeout(watchdog);
    process.exitCode = 1;
  });
