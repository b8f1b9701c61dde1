// The campaign's recent failure rate, over its last `size` final answers (accepted or failed), so a
// campaign that starts failing pauses itself even after a long healthy start.
export class ErrorWindow {
  private readonly outcomes: boolean[] = [];
  private failures = 0;

  constructor(private readonly size: number) {}

  add(failed: boolean): void {
    this.outcomes.push(failed);
    if (failed) this.failures++;
    if (this.outcomes.length > this.size && this.outcomes.shift()) this.failures--;
  }

  /** The failure percentage once the window holds a full sample, else null. */
  failurePercent(): number | null {
    return this.outcomes.length < this.size ? null : (this.failures * 100) / this.outcomes.length;
  }

  get sample(): number {
    return this.outcomes.length;
  }
}
