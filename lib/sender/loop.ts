// The sender loop around a runner: tick, then sleep until a slot frees up or the poll interval ends.
// stop() (SIGTERM) stops claiming, lets the requests in flight finish and records their answers.
import type { DeliveryRunner } from "./runner";

export type SenderLoop = { stop(): Promise<void>; readonly stopped: boolean };

export function startSenderLoop(
  runner: DeliveryRunner,
  options: { pollIntervalMs?: number; log?: (message: string, error?: unknown) => void } = {},
): SenderLoop {
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const log = options.log ?? ((message, error) => console.error(`[sender] ${message}`, error ?? ""));
  let stopping = false;
  let stopped = false;

  const done = (async () => {
    while (!stopping) {
      try {
        runner.tick();
        await runner.waker.wait(pollIntervalMs);
      } catch (error) {
        // a busy or broken database must not kill the process; try again a little later
        log("tick failed", error);
        await runner.waker.wait(Math.max(1_000, pollIntervalMs));
      }
    }
    await runner.drain();
    stopped = true;
  })();

  return {
    async stop() {
      stopping = true;
      runner.waker.wake();
      await done;
    },
    get stopped() {
      return stopped;
    },
  };
}
