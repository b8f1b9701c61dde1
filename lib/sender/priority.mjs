// @ts-check
// Sending is bulk work; the visitor API is what people wait on. Where both share the CPU, the sending
// threads run at a lower priority (a higher nice value), so the scheduler gives the API the cores first
// and the sender the rest: a campaign slows down under API load instead of the API. On Linux the nice
// value belongs to the calling thread, and threads started afterwards inherit it.
import { setPriority } from "node:os";

/**
 * Lowers the calling thread's priority to `nice`; never fails the caller (a platform may refuse).
 * @param {number} nice 0 (unchanged) to 19 (lowest)
 * @param {(message: string) => void} [warn]
 */
export function lowerPriority(nice, warn = console.warn) {
  if (nice <= 0) return;
  try {
    setPriority(0, nice);
  } catch (error) {
    warn(
      `[sender] could not lower the priority to nice ${nice}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
