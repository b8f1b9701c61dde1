// The lines bench:send prints for PostgreSQL, beside (b) on SQLite of the same run.
import { fmt, perMessage } from "./common";
import type { MeterSummary } from "./cpu-meter";
import type { PostgresRun } from "./postgres";

/** (b) on SQLite, one process: CPU seconds over the run. */
export type SqliteFigures = {
  rate: number;
  sent: number;
  process: number;
  main: number;
  others: number;
  database: MeterSummary;
  sink: number;
};

export const DATABASE_CPU_TARGET = 1.5;

const mark = (ok: boolean) => (ok ? "✔" : "✘");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "es"}`;
const sentOf = (run: PostgresRun) => run.tally.reduce((sum, t) => sum + t.n, 0);
/** PostgreSQL's database CPU: the server's, plus the pg driver's share of the workers. */
const databaseCpu = (run: PostgresRun) => run.cpu.server + run.cpu.driver;

export function sqliteDatabaseLine(s: SqliteFigures): string {
  const share = s.database.wallSeconds > 0 ? s.database.cpuSeconds / s.database.wallSeconds : 1;
  return (
    `    database CPU per message on SQLite: ${perMessage(s.database.cpuSeconds, s.sent)} ` +
    `(the main thread inside the SQLite connection's gate callbacks — claim, record, the runner's queries — and the snapshot: ` +
    `${fmt(s.database.calls)} calls, ${fmt(s.database.wallSeconds, 2)} s wall of which ${fmt(100 * share)} % on CPU)`
  );
}

export function postgresRunLines(run: PostgresRun, sqlite: SqliteFigures | null): string[] {
  const sent = sentOf(run);
  const per = (seconds: number) => perMessage(seconds, sent);
  const c = run.counts;
  const lines = [
    `(b) on PostgreSQL, ${plural(run.workers, "worker process").padEnd(19)} ${fmt(run.rate)} msg/s   (${fmt(sent)} of ${fmt(run.targeted)} queued msgs in ${fmt(run.seconds, 1)} s; ${run.tally.map((t) => `${t.status} ${fmt(t.n)}`).join(", ")}; at the sink ${fmt(c.requests)} pushes to ${fmt(c.endpoints)} endpoints, ${fmt(c.repeated)} more than once)`,
    `    CPU per message: worker processes ${per(run.cpu.workers)} (main threads ${per(run.cpu.main)}, other threads ${per(run.cpu.workers - run.cpu.main)}; pg driver ${per(run.cpu.driver)} of it), PostgreSQL server ${per(run.cpu.server)}, sink ${per(run.cpu.sink)}`,
    `    per worker: ${run.perWorker.map((w) => `pid ${w.pid} sent ${fmt(w.messages)}, ${w.messages ? perMessage(w.cpu, w.messages) : "—"}/msg`).join("; ")}`,
  ];
  const pgDb = databaseCpu(run) / sent;
  let database = `    database CPU per message: server ${per(run.cpu.server)} + pg driver ${per(run.cpu.driver)} = ${fmt(pgDb * 1e6)} µs`;
  if (sqlite) {
    const sqliteDb = sqlite.database.cpuSeconds / sqlite.sent;
    database += `; SQLite ${fmt(sqliteDb * 1e6)} µs → ${fmt(pgDb / sqliteDb, 2)} × SQLite's`;
    lines.push(
      database,
      `    sender + database CPU per message: ${per(run.cpu.workers + run.cpu.server)} (SQLite: ${perMessage(sqlite.process, sqlite.sent)} in its one process)`,
    );
  } else lines.push(database);
  return lines;
}

export function sqliteComparisonLine(s: SqliteFigures): string {
  return (
    `(b) on SQLite, one process (above)       ${fmt(s.rate)} msg/s   CPU per message: process ${perMessage(s.process, s.sent)} ` +
    `(main thread ${perMessage(s.main, s.sent)}, other threads ${perMessage(s.others, s.sent)}; database ${perMessage(s.database.cpuSeconds, s.sent)} of it), sink ${perMessage(s.sink, s.sent)}`
  );
}

export function targetLines(runs: PostgresRun[], sqlite: SqliteFigures | null, check: PostgresRun | null): string[] {
  const lines: string[] = [];
  if (sqlite && runs.length) {
    const sqliteDb = sqlite.database.cpuSeconds / sqlite.sent;
    const ratios = runs.map((run) => ({ run, ratio: databaseCpu(run) / sentOf(run) / sqliteDb }));
    lines.push(
      `database CPU per message on PostgreSQL ≤ ${DATABASE_CPU_TARGET} × SQLite's: ` +
        ratios
          .map(
            ({ run, ratio }) =>
              `${plural(run.workers, "worker process")} ${fmt(ratio, 2)} × ${mark(ratio <= DATABASE_CPU_TARGET)}`,
          )
          .join(", ") +
        `  (PostgreSQL: server + pg driver in the workers; SQLite: main thread inside its gate + snapshot)`,
    );
  }
  if (check) {
    const c = check.counts;
    lines.push(
      `${plural(check.workers, "worker process")} finish a ${fmt(check.targeted)}-subscriber campaign with every delivery sent exactly once: ${mark(check.exactlyOnce)}  ` +
        `(${fmt(c.requests)} pushes to ${fmt(c.endpoints)} endpoints, ${fmt(c.repeated)} more than once, at most ${c.maxPerEndpoint} to one; accepted ${fmt(check.accepted)}; ` +
        `sent per worker ${check.perWorker.map((w) => fmt(w.messages)).join(" / ")}; ${fmt(check.rate)} msg/s)`,
    );
  }
  return lines;
}
