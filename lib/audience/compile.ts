// A campaign's audience → one SQL condition over `subscriptions`. Subscribers are never loaded into
// JavaScript to be filtered: the engine inserts the snapshot with INSERT … SELECT … WHERE <this>.
import { and, count, is, not, or, sql, type SQL } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { compileSegmentRules, hasAnyTopic, isActive, type RuleTables } from "@/lib/segments/compile";
import { loadSegmentRules } from "@/lib/segments/queries";
import type { SegmentRules } from "@/lib/segments/schema";
import { AudienceInvalidError } from "./errors";
import { storedAudienceSchema } from "./schema";

/** The stored audience, validated (the column is JSON and could hold anything); AudienceInvalidError if not. */
export function parseAudience(stored: CampaignAudience): CampaignAudience {
  const parsed = storedAudienceSchema.safeParse(stored);
  if (!parsed.success)
    throw new AudienceInvalidError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return parsed.data;
}

/** Every segment id the audience names, included or excluded: the rules to load. */
export const audienceSegmentIds = (audience: CampaignAudience): number[] => [
  ...audience.includeSegmentIds,
  ...audience.excludeSegmentIds,
];

/**
 * An explicit list (an API send to named users or subscriptions) as one bound parameter, however long:
 * the snapshot repeats its condition, and tens of thousands of ids would pass SQLite's variable limit.
 * Both forms drive a primary-key lookup per id. Empty: nobody.
 */
function listedSubscriptions(tables: RuleTables, ids: readonly number[]): SQL {
  if (ids.length === 0) return sql`false`;
  const id = tables.subscriptions.id;
  const unique = [...new Set(ids)];
  // the tables say the engine: SQLite's schema module, or PostgreSQL's (typed alike, see app-db.ts)
  const onSqlite: boolean = is(tables.subscriptions, SQLiteTable);
  return onSqlite
    ? sql`${id} IN (SELECT value FROM json_each(${JSON.stringify(unique)}))`
    : sql`${id} = ANY(${sql.param(unique)}::integer[])`;
}

/** The condition of a parsed audience whose segments' rules are loaded (pure, shared with the sync sender). */
export function audienceCondition(
  tables: RuleTables,
  audience: CampaignAudience,
  rules: Map<number, SegmentRules>,
  now: Date,
): SQL {
  const segment = (id: number) => compileSegmentRules(tables, rules.get(id)!, now);

  const included: SQL[] = [...new Set(audience.includeSegmentIds)].map(segment);
  if (audience.includeTopicIds.length > 0) included.push(hasAnyTopic(tables, audience.includeTopicIds));

  const excluded: SQL[] = [...new Set(audience.excludeSegmentIds)].map(segment);
  if (audience.excludeTopicIds.length > 0) excluded.push(hasAnyTopic(tables, audience.excludeTopicIds));

  const listed = audience.subscriptionIds && listedSubscriptions(tables, audience.subscriptionIds);
  return and(
    isActive(tables),
    listed,
    included.length > 0 ? or(...included) : undefined,
    excluded.length > 0 ? not(or(...excluded)!) : undefined,
  )!;
}

/**
 * Active subscriptions that match ANY included segment or topic (every active subscription when
 * nothing is included) and NONE of the excluded ones. Loads the named segments (one query) and throws
 * SegmentNotFoundError / SegmentRulesInvalidError / AudienceInvalidError; `now` anchors relative rules.
 * The condition is over `db.tables`: use it in queries on the same engine.
 */
export async function compileAudience(db: Db, stored: CampaignAudience, now: Date = new Date()): Promise<SQL> {
  const audience = parseAudience(stored);
  const rules = await loadSegmentRules(db, audienceSegmentIds(audience));
  return audienceCondition(db.tables, audience, rules, now);
}

/** How many subscriptions the audience reaches now: the composer's live count. */
export async function countAudience(db: Db, audience: CampaignAudience, now: Date = new Date()): Promise<number> {
  const where = await compileAudience(db, audience, now);
  const [row] = await db.select({ n: count() }).from(db.tables.subscriptions).where(where);
  return row?.n ?? 0;
}
