// npm run bench:send [-- --subscribers 1000000 --concurrency 64 --naive-max 20000 --floor-max 40000 --only a|b|c|pg
//                       --db sqlite|postgres --workers 1,2,4 --exactly-once 100000]
// A benchmark, not a test. Against a local https sink push service in its own process, measures:
//   (a) naive baseline: web-push sendNotification per message, same concurrency;
//   (b) Pushboard end to end: audience snapshot, then the real delivery runner and push client
//       (claim → encrypt on worker threads → HTTPS POST → record), as `npm run worker` runs them;
//   (c) crypto floor: request building alone (our RFC 8291 code, as (b) uses it) on every core;
//       web-push's generateRequestDetails is measured the same way for reference.
// With --db postgres, also (b) on PostgreSQL: one durable cluster the bench starts (and removes), the same
// subscribers, sent by 1, 2 and 4 real worker processes, with the database's CPU per message next to
// SQLite's; then 4 workers send a 100,000-subscriber campaign and the sink checks every endpoint got one push.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase } from "@/lib/db/client";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { fmt, keyPool, mb, ms, perMessage, RssPeak, threadCpu } from "./bench-send/common";
import { cryptoFloor } from "./bench-send/floor";
import { naiveBaseline } from "./bench-send/naive";
import { benchPostgres, type PostgresParts } from "./bench-send/postgres-part";
import { sqliteComparisonLine, sqliteDatabaseLine, type SqliteFigures } from "./bench-send/report";
import { sinkCpu, startSink } from "./bench-send/sink";
import { pushboardEndToEnd, seedSubscriptions } from "./bench-send/sqlite";

type Args = {
  subscribers: number;
  concurrency: number;
  naiveMax: number;
  floorMax: number;
  keep: boolean;
  only?: string;
  db: "sqlite" | "postgres";
  workers: number[];
  exactlyOnce: number;
};

function parseArgs(argv: string[]): Args {
  const raw = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const value = (name: string, fallback: number, zeroOk = false) => {
    const n = raw(name) !== undefined ? Number(raw(name)) : fallback;
    if (!Number.isSafeInteger(n) || n < (zeroOk ? 0 : 1)) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const db = raw("db") ?? "sqlite";
  if (db !== "sqlite" && db !== "postgres") throw new Error("--db is sqlite or postgres");
  const workers = (raw("workers") ?? "1,2,4").split(",").map(Number);
  if (!workers.every((n) => Number.isSafeInteger(n) && n > 0)) throw new Error("--workers takes counts like 1,2,4");
  return {
    subscribers: value("subscribers", 20_000),
    concurrency: value("concurrency", 64),
    naiveMax: value("naive-max", 20_000),
    floorMax: value("floor-max", 40_000),
    keep: argv.includes("--keep-db"),
    // --only b: run one part alone (for `node --cpu-prof`); --only pg: PostgreSQL's runs alone
    only: raw("only"),
    db,
    workers,
    // subscribers of the exactly-once check with 4 workers (--db postgres); 0 skips it
    exactlyOnce: value("exactly-once", 100_000, true),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const keys = keyPool();
  const rss = new RssPeak();
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-bench-"));
  const sink = await startSink();
  let postgres: PostgresParts | null = null;
  const cleanUp = () => {
    rss.stop();
    postgres?.abort();
    sink.stop();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\nbench:send: ${signal}, stopping everything`);
      cleanUp();
      process.exit(130);
    });
  }
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
    const lines: string[] = [];
    let a, b, c;
    let sqlite: SqliteFigures | null = null;

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
        lines.push(
          `    CPU per message: main thread ${perMessage(threads2.main - threads1.main, b.sent)}, other threads ${perMessage(threads2.others - threads1.others, b.sent)}, sink ${perMessage(sinkCpu(s1, s2), b.sent)}`,
        );
        sqlite = {
          rate: b.rate,
          sent: b.sent,
          process: cpu(cpuB),
          main: threads2.main - threads1.main,
          others: threads2.others - threads1.others,
          database: b.database,
          sink: sinkCpu(s1, s2),
        };
        lines.push(sqliteDatabaseLine(sqlite));
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

    if (args.db === "postgres" && (run("b") || args.only === "pg")) {
      postgres = benchPostgres({ ...args, sink, keys });
      await postgres.run(sqlite); // prints each run as it ends
      console.log(["", ...(sqlite ? [sqliteComparisonLine(sqlite)] : []), ...postgres.targets()].join("\n"));
    }
  } finally {
    cleanUp();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
