// Per-origin request slots in one worker: a throttled origin is slowed down (halved), then recovers
// one slot per full window of accepted answers (AIMD), so one slow or angry service never takes
// the slots the other services need.
export class OriginLimits {
  private readonly inFlight = new Map<string, number>();
  private readonly limits = new Map<string, number>();

  constructor(private readonly max: number) {}

  limit(origin: string): number {
    return Math.max(1, Math.floor(this.limits.get(origin) ?? this.max));
  }

  free(origin: string): number {
    return this.limit(origin) - (this.inFlight.get(origin) ?? 0);
  }

  acquire(origin: string): void {
    this.inFlight.set(origin, (this.inFlight.get(origin) ?? 0) + 1);
  }

  release(origin: string): void {
    const left = (this.inFlight.get(origin) ?? 1) - 1;
    if (left > 0) this.inFlight.set(origin, left);
    else this.inFlight.delete(origin);
  }

  throttled(origin: string): void {
    this.limits.set(origin, Math.max(1, this.limit(origin) / 2));
  }

  accepted(origin: string): void {
    const current = this.limits.get(origin);
    if (current === undefined) return;
    const next = current + 1 / current;
    if (next >= this.max) this.limits.delete(origin);
    else this.limits.set(origin, next);
  }
}
