// Runs the retention trim periodically inside a sender process (inline or `npm run worker`). Every sender
// process keeps the timer, but a run is claimed in the database first (lib/settings/periodic-run.ts), so
// the trim runs once per period however many processes there are, on SQLite or on one PostgreSQL shared by
// several machines; should two ever overlap, a batch is one transaction over rows that are still there
// (locked on PostgreSQL, see ./trim-postgres.ts). The timer is unref'd: it never keeps a process alive.
import type { Db } from "@/lib/db/app-db";
import { claimPeriodicRun } from "@/lib/settings/periodic-run";
import { SETTING_KEYS } from "@/lib/settings/keys";
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
  /** This process's name in the claim (the worker id). */
  processId?: string;
  /** Called when another process already ran this period's trim. */
  onSkip?: () => void;
};

export type RetentionSchedule = { stop(): Promise<void> };

export function startRetentionSchedule(db: Db, options: RetentionScheduleOptions): RetentionSchedule {
  const intervalMs = options.intervalMs ?? 3_600_000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message, error) => console.error(`[retention] ${message}`, error ?? ""));
  let stopping = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const processId = options.processId ?? `pid-${process.pid}`;
  const run = async () => {
    try {
      if (!(await claimPeriodicRun(db, SETTING_KEYS.retentionLastRun, processId, intervalMs, now()))) {
        options.onSkip?.();
        return;
      }
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
