// Capped exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): spreads the
// retries of a burst of failures instead of sending them back in lockstep.
export type BackoffOptions = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 10 * 60_000 };
export const DEFAULT_MAX_ATTEMPTS = 6;

/** The ceiling for the wait after the `attempt`-th failed attempt (1-based). */
export function backoffCeilingMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(options.capMs, options.baseMs * 2 ** exponent);
}

/** A uniformly random wait in [0, ceiling]; `random` returns [0, 1) like Math.random. */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  return Math.floor(random() * (backoffCeilingMs(attempt, options) + 1));
}

/** Honours Retry-After with up to 10 % jitter on top, so a throttled origin is not hit by a wall at once. */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number): number {
  return Math.max(0, retryAfterMs) + Math.floor(random() * Math.min(1_000, retryAfterMs * 0.1 + 1));
}
