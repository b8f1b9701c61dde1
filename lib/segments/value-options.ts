// What the rule builder offers in its pickers: the values active subscriptions actually carry.
import { and, count, desc, isNotNull, sql } from "drizzle-orm";
import { perEngine, type Db } from "@/lib/db/app-db";
import { isActive } from "./compile";

export type ValueOption = { value: string; count: number };
export type SegmentValueOptions = { browser: ValueOption[]; platform: ValueOption[]; language: ValueOption[] };

/**
 * The most common browsers, platforms and languages among active subscriptions. Languages are
 * grouped by primary subtag ("en-GB" and "en-US" count as "en") because a language rule matches that way.
 */
export async function segmentValueOptions(db: Db, limit = 50): Promise<SegmentValueOptions> {
  const { subscriptions } = db.tables;
  const top = (column: typeof subscriptions.browser | typeof subscriptions.platform) =>
    db
      .select({ value: column, count: count() })
      .from(subscriptions)
      .where(isActive(db.tables))
      .groupBy(column)
      .orderBy(desc(count()), column)
      .limit(limit);
  const { language } = subscriptions;
  // the text before the first "-" (all of it when there is none); SQLite has no split_part
  const primary = perEngine(db, {
    sqlite: sql<string>`lower(case when instr(${language}, '-') > 0 then substr(${language}, 1, instr(${language}, '-') - 1) else ${language} end)`,
    postgres: sql<string>`lower(split_part(${language}, '-', 1))`,
  });
  const languages = db
    .select({ value: primary, count: count() })
    .from(subscriptions)
    .where(and(isActive(db.tables), isNotNull(language)))
    .groupBy(primary)
    .orderBy(desc(count()), primary)
    .limit(limit);
  const [browser, platform, languageOptions] = await Promise.all([
    top(subscriptions.browser),
    top(subscriptions.platform),
    languages,
  ]);
  return { browser, platform, language: languageOptions };
}
