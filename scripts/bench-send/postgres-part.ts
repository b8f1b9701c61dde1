// bench:send --db postgres: one durable PostgreSQL cluster for the whole part (stopped and removed at
// the end, on an error or a signal too), a template seeded once, then (b) with 1, 2 and 4 worker
// processes on copies of it, and the exactly-once check with 4 workers on its own, larger database.
import { fmt, type KeyPool } from "./common";
import { runDatabase, seedDatabase, startBenchCluster, type BenchCluster } from "./pg-cluster";
import { postgresRun, workerConcurrencyFor, type PostgresRun } from "./postgres";
import { postgresRunLines, targetLines, type SqliteFigures } from "./report";
import type { Sink } from "./sink";
import { killAllWorkers } from "./workers";

export type PostgresParts = {
  run(sqlite: SqliteFigures | null): Promise<void>;
  /** The target lines, with ✔/✘. */
  targets(): string[];
  /** Kills the workers and removes the cluster now (Ctrl-C, an error). */
  abort(): void;
};

const CHECK_WORKERS = 4;

export function benchPostgres(options: {
  subscribers: number;
  concurrency: number;
  workers: number[];
  exactlyOnce: number;
  sink: Sink;
  keys: KeyPool;
}): PostgresParts {
  let cluster: BenchCluster | null = null;
  let sqliteFigures: SqliteFigures | null = null;
  const runs: PostgresRun[] = [];
  let check: PostgresRun | null = null;
  const abort = () => {
    killAllWorkers();
    cluster?.stop();
    cluster = null;
  };
  process.once("exit", abort); // the last resort: no cluster outlives the bench
  // as (b) on SQLite seeds them (./sqlite.ts)
  const seed = { host: new URL(options.sink.origin).host, keys: options.keys, vapidPublicKey: "bench" };
  const say = (lines: string[]) => console.log(lines.join("\n"));

  return {
    abort,
    targets: () => targetLines(runs, sqliteFigures, check),
    async run(sqlite) {
      sqliteFigures = sqlite;
      try {
        cluster = await startBenchCluster();
        let t = performance.now();
        await seedDatabase(cluster, "bench_seed", { ...seed, count: options.subscribers });
        say([
          `PostgreSQL ${cluster.version}: one durable cluster started by the bench (fsync on, synchronous_commit on), port ${cluster.port}; ` +
            `template seeded with ${fmt(options.subscribers)} subscribers in ${fmt((performance.now() - t) / 1000, 1)} s (INSERT … SELECT unnest, 20,000 rows a statement; setup, not measured)`,
          `workers: scripts/worker.ts with DATABASE_URL, SENDER_MODE=off, SENDER_CONCURRENCY ${workerConcurrencyFor(options.concurrency)} ` +
            `(${options.concurrency} to the one sink origin, as (b) on SQLite), SENDER_NICE 0; each run on a fresh copy of the template`,
          "",
        ]);
        for (const workers of options.workers) {
          const url = await runDatabase(cluster, `bench_w${workers}`, "bench_seed");
          const result = await postgresRun(cluster, url, { ...options, workers });
          runs.push(result);
          say(postgresRunLines(result, sqlite));
          await cluster.admin(`DROP DATABASE bench_w${workers} WITH (FORCE)`);
        }
        if (options.exactlyOnce > 0) {
          t = performance.now();
          await seedDatabase(cluster, "bench_check", { ...seed, count: options.exactlyOnce });
          say([
            "",
            `exactly-once check: ${fmt(options.exactlyOnce)} subscribers seeded in ${fmt((performance.now() - t) / 1000, 1)} s, ${CHECK_WORKERS} workers`,
          ]);
          check = await postgresRun(cluster, cluster.urlOf("bench_check"), {
            ...options,
            subscribers: options.exactlyOnce,
            workers: CHECK_WORKERS,
          });
          say(postgresRunLines(check, sqlite));
        }
      } finally {
        abort();
      }
    },
  };
}
