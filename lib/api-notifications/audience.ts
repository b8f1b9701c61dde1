// An API send's target → the campaign audience the existing queue understands (lib/audience/compile.ts):
// a segment or topics become the composer's audience shape, `all` is everyone, and named users or
// subscriptions become an explicit list of subscription ids, resolved now. The sender's snapshot then
// turns whichever it is into deliveries, exactly as for a dashboard campaign.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { countAudience } from "@/lib/audience/compile";
import { EVERYONE } from "@/lib/audience/schema";
import type { ApiTarget } from "./schema";
import { TopicTargetOverlapError, UnknownSegmentError, UnknownTargetTopicsError } from "./errors";

/** Values per IN list: well under both engines' parameter limits, and one index probe each. */
export const LOOKUP_CHUNK = 500;

export type ResolvedAudience = {
  audience: CampaignAudience;
  /** Active subscriptions the audience reaches now; unknown ids and users without a device add nothing. */
  targeted: number;
};

function chunks<T>(values: readonly T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Active subscriptions of these users (the site's external ids), ascending. */
export async function activeSubscriptionIdsOfUsers(db: Db, externalIds: readonly string[]): Promise<number[]> {
  const { subscriptions } = db.tables;
  const ids: number[] = [];
  for (const part of chunks([...new Set(externalIds)])) {
    // served by subscriptions_external_id_idx (external_id, status)
    const rows = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(inArray(subscriptions.externalId, part), eq(subscriptions.status, "active")));
    for (const row of rows) ids.push(row.id);
  }
  return ids.sort((a, b) => a - b);
}

/** Which of these ids are active subscriptions, ascending: the rest are simply not targeted. */
export async function activeSubscriptionIds(db: Db, wanted: readonly number[]): Promise<number[]> {
  const { subscriptions } = db.tables;
  const ids: number[] = [];
  for (const part of chunks([...new Set(wanted)])) {
    const rows = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(inArray(subscriptions.id, part), eq(subscriptions.status, "active")));
    for (const row of rows) ids.push(row.id);
  }
  return ids.sort((a, b) => a - b);
}

/** Live topics by slug or id, in the order given; every unknown or archived one is named. */
async function topicIds(db: Db, refs: readonly (string | number)[]): Promise<number[]> {
  if (refs.length === 0) return [];
  const { topics } = db.tables;
  const slugs = [...new Set(refs.filter((r): r is string => typeof r === "string"))];
  const ids = [...new Set(refs.filter((r): r is number => typeof r === "number"))];
  const live = isNull(topics.archivedAt);
  const bySlug = slugs.length
    ? await db
        .select({ id: topics.id, slug: topics.slug })
        .from(topics)
        .where(and(inArray(topics.slug, slugs), live))
    : [];
  const byId = ids.length
    ? await db
        .select({ id: topics.id })
        .from(topics)
        .where(and(inArray(topics.id, ids), live))
    : [];
  const slugIds = new Map(bySlug.map((t) => [t.slug, t.id]));
  const known = new Set(byId.map((t) => t.id));
  const unknown = refs.filter((r) => (typeof r === "string" ? !slugIds.has(r) : !known.has(r)));
  if (unknown.length > 0) throw new UnknownTargetTopicsError([...new Set(unknown)]);
  return [...new Set(refs.map((r) => (typeof r === "string" ? slugIds.get(r)! : r)))];
}

async function requireSegment(db: Db, id: number): Promise<void> {
  const { segments } = db.tables;
  const [row] = await db.select({ id: segments.id }).from(segments).where(eq(segments.id, id)).limit(1);
  if (!row) throw new UnknownSegmentError(id);
}

/**
 * The audience of a target and how many it reaches now. Throws UnknownSegmentError or
 * UnknownTargetTopicsError (400) for a segment or topic that is not there.
 */
export async function resolveApiAudience(db: Db, target: ApiTarget, now: Date): Promise<ResolvedAudience> {
  switch (target.kind) {
    case "users":
    case "subscriptions": {
      const ids =
        target.kind === "users"
          ? await activeSubscriptionIdsOfUsers(db, target.externalIds)
          : await activeSubscriptionIds(db, target.ids);
      return { audience: { ...EVERYONE, subscriptionIds: ids }, targeted: ids.length };
    }
    case "segment": {
      await requireSegment(db, target.id);
      const audience = { ...EVERYONE, includeSegmentIds: [target.id] };
      return { audience, targeted: await countAudience(db, audience, now) };
    }
    case "topics": {
      const include = await topicIds(db, target.include);
      const exclude = await topicIds(db, target.exclude);
      if (include.some((id) => exclude.includes(id))) throw new TopicTargetOverlapError();
      const audience = { ...EVERYONE, includeTopicIds: include, excludeTopicIds: exclude };
      return { audience, targeted: await countAudience(db, audience, now) };
    }
    case "all":
      return { audience: EVERYONE, targeted: await countAudience(db, EVERYONE, now) };
  }
}
