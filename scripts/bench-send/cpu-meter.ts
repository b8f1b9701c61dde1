// How much CPU a thread spends inside chosen synchronous calls (the SQLite gate's callbacks, pg's
// protocol code), without slowing them down: every call is timed with performance.now (tens of ns),
// and a random quarter of them also read the thread's exact on-CPU time (/proc/…/schedstat, ns; a
// read costs ~10 µs). Wall time alone would count the time the thread was preempted on a busy machine;
// the sampled calls give the CPU share of that wall time, which scales the total.
import { closeSync, openSync, readSync } from "node:fs";

const SAMPLE_SHARE = 0.25;

/** On-CPU nanoseconds of one thread (the calling process's main thread by default), or null off Linux. */
export function threadCpuClock(tid = process.pid): (() => number) | null {
  let fd: number;
  try {
    fd = openSync(`/proc/self/task/${tid}/schedstat`, "r");
  } catch {
    return null;
  }
  const buffer = Buffer.alloc(96);
  const read = () => {
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return Number(buffer.toString("latin1", 0, n).split(" ")[0]);
  };
  process.once("exit", () => closeSync(fd));
  return read;
}

/** Raw totals of a meter; subtract two (meterDelta) and read a span with meterSummary. */
export type MeterReading = { calls: number; wallMs: number; sampledWallMs: number; sampledCpuNs: number };

export type MeterSummary = {
  /** Calls measured (outermost only: a measured call inside another is part of it). */
  calls: number;
  /** Wall seconds inside them. */
  wallSeconds: number;
  /** CPU seconds inside them: wall × the CPU share seen in the sampled calls (wall if none was sampled). */
  cpuSeconds: number;
};

export class CpuMeter {
  private depth = 0;
  private totals: MeterReading = { calls: 0, wallMs: 0, sampledWallMs: 0, sampledCpuNs: 0 };
  private readonly clock = threadCpuClock();

  measure<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    const clock = this.clock && Math.random() < SAMPLE_SHARE ? this.clock : null;
    const cpu0 = clock ? clock() : 0;
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const wall = performance.now() - t0;
      const totals = this.totals;
      if (clock) {
        totals.sampledCpuNs += clock() - cpu0;
        totals.sampledWallMs += wall;
      }
      totals.wallMs += wall;
      totals.calls++;
      this.depth--;
    }
  }

  reading(): MeterReading {
    return { ...this.totals };
  }
}

export function meterDelta(from: MeterReading, to: MeterReading): MeterReading {
  return {
    calls: to.calls - from.calls,
    wallMs: to.wallMs - from.wallMs,
    sampledWallMs: to.sampledWallMs - from.sampledWallMs,
    sampledCpuNs: to.sampledCpuNs - from.sampledCpuNs,
  };
}

export function meterSummary(span: MeterReading): MeterSummary {
  const share = span.sampledWallMs > 0 ? Math.min(1, span.sampledCpuNs / 1e6 / span.sampledWallMs) : 1;
  return { calls: span.calls, wallSeconds: span.wallMs / 1000, cpuSeconds: (span.wallMs * share) / 1000 };
}
