// What the rule builder offers in its pickers: the values active subscriptions actually carry.
import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";

export type ValueOption = { value: string; count: number };
export type SegmentValueOptions = { browser: ValueOption[]; platform: ValueOption[]; language: ValueOption[] };

const ACTIVE = eq(subscriptions.status, "active");

/**
 * The most common browsers, platforms and languages among active subscriptions. Languages are
 * grouped by primary subtag ("en-GB" and "en-US" count as "en") because a language rule matches that way.
 */
export function segmentValueOptions(db: Db, limit = 50): SegmentValueOptions {
  const top = (column: typeof subscriptions.browser | typeof subscriptions.platform) =>
    db
      .select({ value: column, count: count() })
      .from(subscriptions)
      .where(ACTIVE)
      .groupBy(column)
      .orderBy(desc(count()), column)
      .limit(limit)
      .all();
  const primary = sql<string>`lower(case when instr(${subscriptions.language}, '-') > 0 then substr(${subscriptions.language}, 1, instr(${subscriptions.language}, '-') - 1) else ${subscriptions.language} end)`;
  const language = db
    .select({ value: primary, count: count() })
    .from(subscriptions)
    .where(and(ACTIVE, isNotNull(subscriptions.language)))
    .groupBy(primary)
    .orderBy(desc(count()), primary)
    .limit(limit)
    .all();
  return { browser: top(subscriptions.browser), platform: top(subscriptions.platform), language };
}
