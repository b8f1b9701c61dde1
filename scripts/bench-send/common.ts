// What the parts of bench:send share: the subscribers' key pool, the payload, latency and memory
// bookkeeping, CPU read from /proc, number formatting.
import { createECDH, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

export const KEY_POOL = 64; // the sink does not decrypt, so subscribers can share a few real P-256 keys
export type KeyPool = { p256dh: string; auth: string }[];

export function keyPool(): KeyPool {
  return Array.from({ length: KEY_POOL }, () => {
    const ecdh = createECDH("prime256v1");
    return { p256dh: ecdh.generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  });
}

export const PAYLOAD = {
  title: "Sale starts now",
  body: "20% off everything today only",
  clickUrl: "https://site.example/sale?c=1",
  campaignId: 1,
};

/** The bench's subscribers' endpoints: the i-th of a seeding, unique across seedings. */
export function benchEndpoint(host: string, i: number): string {
  return `https://${host}/push/${i}-${randomBytes(9).toString("base64url")}`;
}

/** Latency samples (ms) in a bounded reservoir, so a million messages cost no memory. */
export class Latencies {
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

export class RssPeak {
  peak = process.memoryUsage.rss();
  private timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), 100);
  reset() {
    this.peak = process.memoryUsage.rss();
  }
  stop() {
    clearInterval(this.timer);
  }
}

export const TICK = 100; // USER_HZ on Linux: /proc's utime and stime count in 1/100 s

/** utime + stime (seconds) of one /proc …/stat line; with `children`, also of its reaped children. */
export function statCpu(stat: string, children = false): { seconds: number; ppid: number } {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, ...(children ? [13, 14] : [])].reduce((sum, i) => sum + Number(fields[i]), 0);
  return { seconds: ticks / TICK, ppid: Number(fields[1]) };
}

/**
 * CPU seconds per thread of a process from /proc (Linux): unlike wall time, not inflated when
 * other programs load the machine. The main thread's tid is the pid; the rest are the encryption
 * workers, the crypto-floor workers, libuv's pool and V8's helpers.
 */
export function threadCpu(pid: number | "self" = "self"): { main: number; others: number } | null {
  try {
    const mainTid = pid === "self" ? process.pid : pid;
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const { seconds } = statCpu(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
      if (Number(tid) === mainTid) main += seconds;
      else others += seconds;
    }
    return { main, others };
  } catch {
    return null;
  }
}

/** A whole process's CPU seconds (every thread, also those that have ended), or null once it is gone. */
export function processCpu(pid: number): number | null {
  try {
    return statCpu(readFileSync(`/proc/${pid}/stat`, "utf8")).seconds;
  } catch {
    return null;
  }
}

/** Runs `total` jobs with at most `concurrency` in flight. */
export async function pool(total: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;
export const ms = (l: Latencies) => `p50 ${fmt(l.quantile(0.5), 2)} ms, p99 ${fmt(l.quantile(0.99), 2)} ms`;
/** Seconds of CPU per message, in µs. */
export const perMessage = (seconds: number, messages: number) => `${fmt((seconds * 1e6) / messages)} µs`;
