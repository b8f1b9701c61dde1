import { and, asc, gte, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { OPTIN_EVENTS, type OptinEvent } from "@/lib/db/schema";

/** The UTC day an event counts toward, as stored (YYYY-MM-DD). */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Adds one to today's count for the event; no per-visitor data is kept. */
export async function incrementOptinEvent(db: Db, event: OptinEvent, now: Date): Promise<void> {
  const { optinEvents } = db.tables;
  await db
    .insert(optinEvents)
    .values({ day: utcDay(now), event, count: 1 })
    .onConflictDoUpdate({
      target: [optinEvents.day, optinEvents.event],
      set: { count: sql`${optinEvents.count} + 1` },
    });
}

export type FunnelCounts = Record<OptinEvent, number>;
export type FunnelDay = { day: string } & FunnelCounts;
export type OptinFunnel = { days: FunnelDay[]; totals: FunnelCounts };

function zeroCounts(): FunnelCounts {
  return Object.fromEntries(OPTIN_EVENTS.map((event) => [event, 0])) as FunnelCounts;
}

/** Per-day counts from `from` to `to` (inclusive, UTC days), every day present, plus totals. */
export async function getOptinFunnel(db: Db, range: { from: Date; to: Date }): Promise<OptinFunnel> {
  const { optinEvents } = db.tables;
  const from = utcDay(range.from);
  const to = utcDay(range.to);
  const rows = await db
    .select()
    .from(optinEvents)
    .where(and(gte(optinEvents.day, from), lte(optinEvents.day, to)))
    .orderBy(asc(optinEvents.day));
  const byDay = new Map<string, FunnelDay>();
  for (let d = new Date(`${from}T00:00:00Z`); utcDay(d) <= to; d = new Date(d.getTime() + 86_400_000)) {
    byDay.set(utcDay(d), { day: utcDay(d), ...zeroCounts() });
  }
  const totals = zeroCounts();
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) day[row.event] = row.count;
    totals[row.event] += row.count;
  }
  return { days: [...byDay.values()], totals };
}
