// npm run bench:transactional [-- --skip-build --clients 50 --pause-ms 500 --duration 10 --subscribers 50000 --port 3560 --sender worker|inline --db sqlite|postgres --keep]
// Messages to one user must not wait behind a campaign (issue 15). `npm start` (its own build folder, a
// fresh temp database; the sender `npm run worker` beside it, as the README recommends for large sends, or
// --sender inline) starts a campaign to 50,000 subscribers at the sink push
// service; once its audience is snapshotted and it is sending, `--clients` API clients each send "your
// order shipped" to their own user through POST /api/v1/notifications, one request at a time with a
// pause between. Prints the 202 latency, the time from each 202 to the push service receiving that very
// message (tagged by its Topic header), the campaign's progress meanwhile, and the targets.
// --db postgres: the same on SQLite, then on PostgreSQL (a cluster the bench starts and removes).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureTestTls } from "@/test/support/tls";
import { buildInto, startLogged, stopAll, stopChild, until, waitForHealth } from "./bench-api/processes";
import { postgresStore, sqliteStore } from "./bench-api/store";
import { startBenchCluster, type BenchCluster } from "./bench-send/pg-cluster";
import { startSink } from "./bench-send/sink";
import { runClients, seedUsers } from "./bench-transactional/clients";
import { reportRun, targetLines, type TransactionalResult } from "./bench-transactional/report";

const DIST_DIR = ".next-bench-api"; // the same build as bench:api
const { values: args } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    clients: { type: "string", default: "50" },
    "pause-ms": { type: "string", default: "500" },
    duration: { type: "string", default: "10" },
    subscribers: { type: "string", default: "50000" },
    port: { type: "string", default: "3560" },
    db: { type: "string", default: "sqlite" },
    sender: { type: "string", default: "worker" },
    keep: { type: "boolean", default: false },
  },
  strict: true,
});
const [clients, pauseMs, durationS, subscribers, port] = [
  args.clients,
  args["pause-ms"],
  args.duration,
  args.subscribers,
  args.port,
].map(Number) as [number, number, number, number, number];
if (![clients, durationS, subscribers, port].every((n) => Number.isSafeInteger(n) && n > 0) || !(pauseMs >= 0)) {
  console.error("bench:transactional: --clients, --duration, --subscribers and --port take positive integers");
  process.exit(1);
}
if (!["sqlite", "postgres"].includes(args.db) || !["worker", "inline"].includes(args.sender)) {
  console.error("bench:transactional: --db sqlite|postgres, --sender worker|inline");
  process.exit(1);
}

let cluster: BenchCluster | null = null;

async function scenario(engine: "sqlite" | "postgres", caBundle: string): Promise<TransactionalResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-tx-"));
  const sink = await startSink();
  const tag = `${clients} API clients during a ${subscribers.toLocaleString("en")} campaign on ${engine === "postgres" ? "PostgreSQL" : "SQLite"}, sender ${args.sender}`;
  try {
    const store =
      engine === "postgres"
        ? await postgresStore(cluster!, "bench_transactional", sink.origin, subscribers)
        : await sqliteStore(dir, sink.origin, subscribers);
    const key = await seedUsers(store.db, sink.origin, store.vapidPublicKey, clients);
    const baseUrl = `http://localhost:${port}`;
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      ...store.env,
      NEXT_DIST_DIR: DIST_DIR,
      NODE_EXTRA_CA_CERTS: caBundle,
      PUSH_EXTRA_HOSTS: new URL(sink.origin).host,
      SENDER_MODE: args.sender === "inline" ? "inline" : "off",
      PORT: String(port),
    };
    const serverLog = path.join(dir, "server.log");
    const server = startLogged(process.execPath, ["--import", "tsx", "scripts/server.ts"], { env, logFile: serverLog });
    await waitForHealth(`${baseUrl}/api/health`, server, 60_000, serverLog);
    const worker =
      args.sender === "worker"
        ? startLogged(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
            env,
            logFile: path.join(dir, "worker.log"),
          })
        : null;
    const id = await store.startCampaign(baseUrl);
    await until("the audience snapshot", 120_000, () => store.snapshotDone(id));
    await until("the campaign's first accepted pushes", 60_000, async () => (await store.progress(id)).accepted > 0);
    // one warm-up second first (new connections, the first queries of a cold process), reported apart
    const warmUp = await runClients({ baseUrl, key, clients, pauseMs, until: Date.now() + 1_000, tag: "w" });
    const warmest = Math.max(...warmUp.map((send) => send.latencyMs));
    console.log(`warm-up: ${warmUp.length} sends, slowest 202 ${warmest.toFixed(1)} ms (not counted below)`);
    const before = (await store.progress(id)).accepted;
    const started = performance.now();
    const sends = await runClients({ baseUrl, key, clients, pauseMs, until: Date.now() + durationS * 1000, tag: "t" });
    const seconds = (performance.now() - started) / 1000;
    const after = await store.progress(id);
    // every 202'd message must arrive; wait for the last ones (they may queue behind a retry or two)
    const wanted = sends.filter((send) => send.status === 202).map((send) => send.topic);
    let arrivals: Record<string, number> = {};
    const deadline = Date.now() + 30_000;
    do {
      arrivals = await sink.arrivals();
      if (wanted.every((topic) => arrivals[topic] !== undefined)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } while (Date.now() < deadline);
    const result = reportRun(tag, sends, arrivals, {
      before,
      after: after.accepted,
      targeted: after.targeted,
      seconds,
      statusAfter: after.status,
    });
    if (worker) await stopChild(worker);
    await stopChild(server);
    await store.close();
    return result;
  } finally {
    sink.stop();
    await stopAll();
    if (args.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const tls = ensureTestTls();
  if (!args["skip-build"]) {
    buildInto(DIST_DIR);
  }
  const results = [await scenario("sqlite", tls.caBundlePath)];
  if (args.db === "postgres") {
    cluster = await startBenchCluster();
    try {
      results.push(await scenario("postgres", tls.caBundlePath));
    } finally {
      cluster.stop();
      cluster = null;
    }
  }
  console.log(targetLines(results).join("\n"));
}

process.once("exit", () => cluster?.stop());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().finally(() => (cluster?.stop(), process.exit(130))));
}

main().catch(async (error: unknown) => {
  console.error("bench:transactional failed:", error instanceof Error ? error.message : error);
  await stopAll();
  cluster?.stop();
  process.exitCode = 1;
});
