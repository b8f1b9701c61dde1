// What the API benchmark prints: per scenario its two streams, the server log's complaints and the
// campaign's progress; at the end, the issue's target per scenario (no errors, p99 under 100 ms).
import type { StreamSummary } from "./stream-process";
import type { Progress } from "./store";

export type ScenarioResult = {
  engine: "sqlite" | "postgres";
  mode: string;
  /** Failed requests: connection errors, timeouts and non-2xx answers, over both streams. */
  errors: number;
  worstP99: number;
  rate: number;
};

export const P99_TARGET_MS = 100;

export type ReportSettings = { connections: number; durationS: number; rate: number; webProcesses: number };

export function report(
  settings: ReportSettings,
  engine: "sqlite" | "postgres",
  mode: string,
  streams: StreamSummary[],
  extra: {
    locked: number;
    errorLines: string[];
    sent: { before: number; after: number; seconds: number };
    final: Progress;
  },
): ScenarioResult {
  const { connections, durationS, rate, webProcesses } = settings;
  const load = rate ? `open loop at ${rate} req/s` : "closed loop: as fast as the server answers";
  const nice = process.env.SENDER_NICE ?? "10 (default)";
  const on = engine === "postgres" ? " on PostgreSQL" : "";
  console.log(
    `\n=== sender: ${mode}${on} (SENDER_NICE ${nice}), ${webProcesses} web process${webProcesses > 1 ? "es" : ""} — ${connections} connections (${connections / 2} per endpoint, at the same time) for ${durationS} s, ${load} ===`,
  );
  let errors = 0;
  for (const { name, result, statuses } of streams) {
    const non2xx = Object.entries(statuses).filter(([s]) => !s.startsWith("2"));
    errors += result.errors + result.timeouts + non2xx.reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `${name.padEnd(24)} ${Math.round(result.requests.average).toString().padStart(6)} req/s  ${result.requests.total} requests  ` +
        `latency p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  ` +
        `2xx ${Object.entries(statuses)
          .filter(([s]) => s.startsWith("2"))
          .map(([s, n]) => `${s}×${n}`)
          .join(", ")}  non-2xx ${non2xx.map(([s, n]) => `${s}×${n}`).join(", ") || "none"}  ` +
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
  return { engine, mode, errors, worstP99, rate: total };
}

const mark = (ok: boolean) => (ok ? "✔" : "✘");

/** The issue's target, per sender mode, PostgreSQL beside SQLite. */
export function targetLines(results: ScenarioResult[], settings: ReportSettings, subscribers: number): string[] {
  const lines = [
    `\ntarget: ${settings.connections} connections for ${settings.durationS} s while a ${subscribers.toLocaleString("en-US")}-subscriber campaign sends — no errors, p99 under ${P99_TARGET_MS} ms`,
  ];
  for (const mode of [...new Set(results.map((r) => r.mode))]) {
    const parts = results
      .filter((r) => r.mode === mode)
      .map(
        (r) =>
          `${r.engine === "postgres" ? "PostgreSQL" : "SQLite"}: errors ${r.errors} ${mark(r.errors === 0)}, worst p99 ${r.worstP99} ms ${mark(r.worstP99 < P99_TARGET_MS)} (${Math.round(r.rate)} req/s)`,
      );
    lines.push(`  sender ${mode.padEnd(6)}  ${parts.join("   |   ")}`);
  }
  return lines;
}
