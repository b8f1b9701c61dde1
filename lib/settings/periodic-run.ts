// A periodic job that several sender processes (on one machine or many) must run once per period, not
// once per process: whoever finds the last run at least one period old claims the next one with a single
// conditional upsert, so of two processes waking together exactly one wins. On SQLite the one writer at a
// time decides; on PostgreSQL the upsert locks the conflicting row and judges the WHERE on its latest
// committed version, so the second of two concurrent claims sees the first's time and updates nothing.
import { lte } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { periodicRunSchema } from "./keys";

// a process's own timer fires a little early or late: a run counts as due a tenth of a period early
const EARLY = 0.9;

/** Claims this period's run of `key` for `by`; false when another process ran it less than a period ago. */
export async function claimPeriodicRun(
  db: Db,
  key: string,
  by: string,
  intervalMs: number,
  now: Date,
): Promise<boolean> {
  const { settings } = db.tables;
  const value = periodicRunSchema.parse({ at: now.getTime(), by });
  const claimed = await db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: now },
      setWhere: lte(settings.updatedAt, new Date(now.getTime() - intervalMs * EARLY)),
    })
    .returning({ key: settings.key });
  return claimed.length === 1;
}
