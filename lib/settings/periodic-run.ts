// A periodic job that several sender processes (on one machine or many) must run once per period, not
// once per process: whoever finds the last run at least one period old claims the next one with a single
// conditional upsert, so of two processes waking together exactly one wins.
import { lte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { settings } from "@/lib/db/schema";
import { periodicRunSchema } from "./keys";

// a process's own timer fires a little early or late: a run counts as due a tenth of a period early
const EARLY = 0.9;

/** Claims this period's run of `key` for `by`; false when another process ran it less than a period ago. */
export function claimPeriodicRun(db: Db, key: string, by: string, intervalMs: number, now: Date): boolean {
  const value = periodicRunSchema.parse({ at: now.getTime(), by });
  const claimed = db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: now },
      setWhere: lte(settings.updatedAt, new Date(now.getTime() - intervalMs * EARLY)),
    })
    .returning({ key: settings.key })
    .all();
  return claimed.length === 1;
}
