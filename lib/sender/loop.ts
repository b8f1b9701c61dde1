// The sender loop around a runner: tick, then sleep until a slot frees up or the poll interval ends.
// stop() (SIGTERM) stops claiming, lets the requests in flight finish and records their answers.
// A database that cannot be reached stops the claiming, not the process: the loop says so once, tries
// again every second, and says when the database is back; rows in flight keep their leases meanwhile.
import { isConnectionError } from "@/lib/db/connection-errors";
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

  let unavailableSince: number | null = null;

  const done = (async () => {
    while (!stopping) {
      try {
        await runner.tick();
        if (unavailableSince !== null) {
          log(
            `database reachable again after ${Math.round((Date.now() - unavailableSince) / 1000)} s; sending resumes`,
          );
          unavailableSince = null;
        }
        await runner.waker.wait(pollIntervalMs);
      } catch (error) {
        // a busy or broken database must not kill the process; try again a little later
        if (!isConnectionError(error)) log("tick failed", error);
        else if (unavailableSince === null) {
          unavailableSince = Date.now();
          log(`database unavailable (${(error as Error).message}); sending waits until it is back`);
        }
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
