// The dashboard's front page: subscribers by status, growth per day (by push service and by topic),
// and the latest campaigns with their funnels.
import { campaignOutcome, type CampaignOutcome } from "@/lib/campaigns/outcome";
import { and, count, desc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { perEngine, type Db } from "@/lib/db/app-db";
import { PUSH_SERVICES, type PushService, type SubscriptionStatus } from "@/lib/db/schema/enums";
import { countersOf, type CampaignCounters } from "@/lib/campaigns/queries";
import { pendingCountersColumn, withPendingCounters } from "@/lib/campaigns/pending-counters";

const DAY = 86_400_000;

export async function subscriberCounts(db: Db): Promise<Record<SubscriptionStatus, number>> {
  const { subscriptions } = db.tables;
  const counts: Record<SubscriptionStatus, number> = { active: 0, unsubscribed: 0, expired: 0 };
  const rows = await db
    .select({ status: subscriptions.status, n: count() })
    .from(subscriptions)
    .groupBy(subscriptions.status);
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

export type GrowthDay = { day: string; total: number } & Record<PushService, number>;
export type TopicSeries = { id: number; name: string; total: number };
export type TopicGrowthDay = { day: string } & Record<string, number | string>;
export type Growth = { days: GrowthDay[]; topics: TopicSeries[]; byTopic: TopicGrowthDay[] };

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A subscription's UTC day as YYYY-MM-DD: SQLite keeps integer ms, PostgreSQL a timestamptz (read in
 * UTC, not the session's zone, so both engines put a subscription on the same day).
 */
function utcDayOf(db: Db) {
  const { createdAt } = db.tables.subscriptions;
  return perEngine(db, {
    sqlite: sql<string>`strftime('%Y-%m-%d', ${createdAt} / 1000, 'unixepoch')`,
    postgres: sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
  });
}

/** Subscriptions created per UTC day over the last `days` days (today included), every day present. */
export async function subscriberGrowth(db: Db, now: Date, days = 30, topicLimit = 6): Promise<Growth> {
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const todayStart = Math.floor(now.getTime() / DAY) * DAY;
  const from = new Date(todayStart - (days - 1) * DAY);
  const to = new Date(todayStart + DAY);
  const dayOf = utcDayOf(db);
  const inRange = and(gte(subscriptions.createdAt, from), lt(subscriptions.createdAt, to));

  const dayKeys = Array.from({ length: days }, (_, i) => utcDay(from.getTime() + i * DAY));
  const byDay = new Map<string, GrowthDay>(
    dayKeys.map((day) => [
      day,
      { day, total: 0, ...(Object.fromEntries(PUSH_SERVICES.map((s) => [s, 0])) as Record<PushService, number>) },
    ]),
  );
  const rows = await db
    .select({ day: dayOf, service: subscriptions.pushService, n: count() })
    .from(subscriptions)
    .where(inRange)
    .groupBy(dayOf, subscriptions.pushService);
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d[r.service] += r.n;
    d.total += r.n;
  }

  // PostgreSQL wants the selected topic name grouped too (the topic's id is not the table's key here)
  const topicRows = await db
    .select({ day: dayOf, topicId: subscriptionTopics.topicId, name: topics.name, n: count() })
    .from(subscriptions)
    .innerJoin(subscriptionTopics, eq(subscriptionTopics.subscriptionId, subscriptions.id))
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(inRange)
    .groupBy(dayOf, subscriptionTopics.topicId, topics.name);
  const totals = new Map<number, TopicSeries>();
  for (const r of topicRows) {
    const t = totals.get(r.topicId) ?? { id: r.topicId, name: r.name, total: 0 };
    t.total += r.n;
    totals.set(r.topicId, t);
  }
  const shown = [...totals.values()].sort((a, b) => b.total - a.total || a.id - b.id).slice(0, topicLimit);
  const shownIds = new Set(shown.map((t) => t.id));
  const byTopicDay = new Map<string, TopicGrowthDay>(
    dayKeys.map((day) => [day, { day, ...Object.fromEntries(shown.map((t) => [`t${t.id}`, 0])) }]),
  );
  for (const r of topicRows) {
    const d = byTopicDay.get(r.day);
    if (d && shownIds.has(r.topicId)) d[`t${r.topicId}`] = Number(d[`t${r.topicId}`] ?? 0) + r.n;
  }
  return { days: [...byDay.values()], topics: shown, byTopic: [...byTopicDay.values()] };
}

export type RecentCampaign = {
  id: number;
  title: string;
  status: string;
  startedAt: Date | null;
  counters: CampaignCounters;
  outcome: CampaignOutcome;
};

/** Campaigns that started sending, newest first. */
export async function latestCampaigns(db: Db, limit = 5): Promise<RecentCampaign[]> {
  const { campaigns } = db.tables;
  // counters exact on PostgreSQL too: with the deltas not yet folded
  const rows = await db
    .select({ row: campaigns, pending: pendingCountersColumn(db) })
    .from(campaigns)
    .where(isNotNull(campaigns.startedAt))
    .orderBy(desc(campaigns.startedAt), desc(campaigns.id))
    .limit(limit);
  return rows.map((found) => {
    const row = withPendingCounters(found.row, found.pending);
    const counters = countersOf(row);
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      startedAt: row.startedAt,
      counters,
      outcome: campaignOutcome(row.status, counters),
    };
  });
}
