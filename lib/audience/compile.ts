// A campaign's audience → one SQL condition over `subscriptions`. Subscribers are never loaded into
// JavaScript to be filtered: the engine inserts the snapshot with INSERT … SELECT … WHERE <this>.
import { and, count, not, or, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { ACTIVE, compileSegmentRules, hasAnyTopic } from "@/lib/segments/compile";
import { loadSegmentRules } from "@/lib/segments/queries";
import { AudienceInvalidError } from "./errors";
import { campaignAudienceSchema } from "./schema";

/**
 * Active subscriptions that match ANY included segment or topic (every active subscription when
 * nothing is included) and NONE of the excluded ones. Loads the named segments (one query) and throws
 * SegmentNotFoundError / SegmentRulesInvalidError / AudienceInvalidError; `now` anchors relative rules.
 */
export function compileAudience(db: Db, stored: CampaignAudience, now: Date = new Date()): SQL {
  const parsed = campaignAudienceSchema.safeParse(stored);
  if (!parsed.success)
    throw new AudienceInvalidError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const audience = parsed.data;
  const rules = loadSegmentRules(db, [...audience.includeSegmentIds, ...audience.excludeSegmentIds]);
  const segment = (id: number) => compileSegmentRules(rules.get(id)!, now);

  const included: SQL[] = [...new Set(audience.includeSegmentIds)].map(segment);
  if (audience.includeTopicIds.length > 0) included.push(hasAnyTopic(audience.includeTopicIds));

  const excluded: SQL[] = [...new Set(audience.excludeSegmentIds)].map(segment);
  if (audience.excludeTopicIds.length > 0) excluded.push(hasAnyTopic(audience.excludeTopicIds));

  return and(
    ACTIVE,
    included.length > 0 ? or(...included) : undefined,
    excluded.length > 0 ? not(or(...excluded)!) : undefined,
  )!;
}

/** How many subscriptions the audience reaches now: the composer's live count. */
export function countAudience(db: Db, audience: CampaignAudience, now: Date = new Date()): number {
  const row = db
    .select({ n: count() })
    .from(subscriptions)
    .where(compileAudience(db, audience, now))
    .get();
  return row?.n ?? 0;
}
