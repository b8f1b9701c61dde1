// What bench:transactional prints: the API answers' latency, the time from each 202 to the push service
// receiving that message, the campaign's progress around the run, and the issue's two targets.
import type { Send } from "./clients";

export const P99_202_TARGET_MS = 50;
export const MEDIAN_TO_PUSH_TARGET_MS = 500;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const ms = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(1)} ms`);

export type TransactionalResult = { tag: string; p99: number; medianToPush: number; ok: boolean };

export function reportRun(
  tag: string,
  sends: readonly Send[],
  arrivals: Record<string, number>,
  campaign: { before: number; after: number; targeted: number; seconds: number; statusAfter: string },
): TransactionalResult {
  const accepted = sends.filter((send) => send.status === 202);
  const statuses = new Map<number, number>();
  for (const send of sends) statuses.set(send.status, (statuses.get(send.status) ?? 0) + 1);
  const latency = accepted.map((send) => send.latencyMs).sort((a, b) => a - b);
  const toPush = accepted
    .map((send) => (arrivals[send.topic] === undefined ? NaN : arrivals[send.topic]! - send.answeredAt))
    .filter((value) => !Number.isNaN(value))
    .sort((a, b) => a - b);
  const lost = accepted.length - toPush.length;
  console.log(`\n=== ${tag} ===`);
  console.log(
    `API sends: ${sends.length} (${[...statuses].map(([status, n]) => `${status || "error"}×${n}`).join(", ")}), ` +
      `202 latency p50 ${ms(quantile(latency, 0.5))}  p99 ${ms(quantile(latency, 0.99))}  max ${ms(latency.at(-1) ?? NaN)}`,
  );
  console.log(
    `202 → push service: p50 ${ms(quantile(toPush, 0.5))}  p90 ${ms(quantile(toPush, 0.9))}  p99 ${ms(quantile(toPush, 0.99))}  ` +
      `max ${ms(toPush.at(-1) ?? NaN)}  (${toPush.length} arrived, ${lost} not within the wait)`,
  );
  const rate = (campaign.after - campaign.before) / campaign.seconds;
  console.log(
    `the 50,000 campaign meanwhile: ${campaign.before} → ${campaign.after} of ${campaign.targeted} accepted ` +
      `(${Math.round(rate)} msg/s), ${campaign.statusAfter} when the clients stopped`,
  );
  const p99 = quantile(latency, 0.99);
  const medianToPush = quantile(toPush, 0.5);
  const ok =
    accepted.length === sends.length &&
    lost === 0 &&
    p99 < P99_202_TARGET_MS &&
    medianToPush < MEDIAN_TO_PUSH_TARGET_MS;
  return { tag, p99, medianToPush, ok };
}

export function targetLines(results: readonly TransactionalResult[]): string[] {
  const mark = (ok: boolean) => (ok ? "✔" : "✘");
  return [
    "",
    `targets (issue 15): 202 p99 < ${P99_202_TARGET_MS} ms and median 202 → push service < ${MEDIAN_TO_PUSH_TARGET_MS} ms, every send answered 202 and delivered, while the campaign sends`,
    ...results.map(
      (r) =>
        `  ${mark(r.p99 < P99_202_TARGET_MS)} ${r.tag}: 202 p99 ${ms(r.p99)}   ${mark(r.medianToPush < MEDIAN_TO_PUSH_TARGET_MS)} median to push ${ms(r.medianToPush)}   ${mark(r.ok)} overall`,
    ),
  ];
}
