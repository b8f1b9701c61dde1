// The inline sender shares the web server's event loop with the visitor API. Its request slots shrink
// while that loop lags — the API has queued work — and grow back while it keeps time, so a campaign
// slows down under API load instead of the API (additive increase, multiplicative decrease, as TCP
// does with its window). A worker process sends on a loop of its own and keeps all its slots.

export type LoopAwareSlots = { current(): number; stop(): void };

export type LoopAwareSlotsOptions = {
  /** A sample later than this means the loop is busy. */
  lagMs?: number;
  sampleMs?: number;
  /** The fewest slots: a campaign never stops altogether. */
  min?: number;
  now?: () => number;
};

export function createLoopAwareSlots(max: number, options: LoopAwareSlotsOptions = {}): LoopAwareSlots {
  const lagMs = options.lagMs ?? 20;
  const sampleMs = options.sampleMs ?? 10;
  const min = Math.min(max, options.min ?? 2);
  const now = options.now ?? (() => performance.now());
  let slots = max;
  let expected = now() + sampleMs;
  const timer = setInterval(() => {
    const at = now();
    const lag = at - expected;
    expected = at + sampleMs;
    slots =
      lag > lagMs ? Math.max(min, Math.floor(slots / 2)) : Math.min(max, slots + Math.max(1, Math.ceil(max / 32)));
  }, sampleMs);
  timer.unref();
  return {
    current: () => slots,
    stop: () => clearInterval(timer),
  };
}
