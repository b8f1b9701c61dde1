// Runs the retention trim periodically inside a sender process (inline or `npm run worker`). Several
// processes may each run it: a batch is one IMMEDIATE transaction over rows that are still there, so
// running twice only finds less to delete. The timer is unref'd: it never keeps a process alive.
import type { Db } from "@/lib/db/client";
import { trimHistory, type RetentionReport } from "./trim";

export type RetentionScheduleOptions = {
  retentionDays: number;
  intervalMs?: number;
  /** The first trim waits a little so a starting process serves and sends first. */
  firstDelayMs?: number;
  batchSize?: number;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
  onReport?: (report: RetentionReport) => void;
};

export type RetentionSchedule = { stop(): Promise<void> };

export function startRetentionSchedule(db: Db, options: RetentionScheduleOptions): RetentionSchedule {
  const intervalMs = options.intervalMs ?? 3_600_000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message, error) => console.error(`[retention] ${message}`, error ?? ""));
  let stopping = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const run = async () => {
    try {
      const report = await trimHistory(db, {
        now: now(),
        retentionDays: options.retentionDays,
        batchSize: options.batchSize,
        shouldStop: () => stopping,
      });
      options.onReport?.(report);
      if (report.deliveries + report.receipts > 0) {
        log(
          `removed ${report.deliveries} deliveries and ${report.receipts} receipts of ${report.campaigns} campaigns finished over ${options.retentionDays} days ago`,
        );
      }
    } catch (error) {
      // a busy database is not fatal: the next run picks up where this one stopped
      log("trim failed", error);
    }
  };

  const schedule = (delayMs: number) => {
    if (stopping) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = null;
        schedule(intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? 60_000);

  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
