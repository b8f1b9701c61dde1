/** A sleep that ends early when something happens (a slot frees up, a stop is asked for). */
export class Waker {
  private pending: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  wait(ms: number): Promise<void> {
    this.wake();
    return new Promise((resolve) => {
      this.pending = resolve;
      this.timer = setTimeout(() => this.wake(), Math.max(0, ms));
    });
  }

  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const resolve = this.pending;
    this.pending = null;
    resolve?.();
  }
}
