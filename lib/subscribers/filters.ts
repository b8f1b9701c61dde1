import { and, eq, exists, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { subscriptions, subscriptionTopics } from "@/lib/db/schema";
import type { SubscriberFilter } from "./schema";

const DAY_MS = 86_400_000;

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/**
 * The filter as one where-condition over `subscriptions`. Each equality has an index that starts
 * with the column and ends with status, and SQLite appends the rowid to every index, so
 * "column = ? AND status = ? ORDER BY id" walks an index in id order without sorting.
 */
export function subscriberConditions(
  db: Db,
  filter: SubscriberFilter,
  afterId?: number,
  options: { forCount?: boolean } = {},
): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.status !== "all") parts.push(eq(subscriptions.status, filter.status));
  if (filter.pushService) parts.push(eq(subscriptions.pushService, filter.pushService));
  if (filter.browser) parts.push(eq(subscriptions.browser, filter.browser));
  if (filter.platform) parts.push(eq(subscriptions.platform, filter.platform));
  if (filter.language) parts.push(eq(subscriptions.language, filter.language));
  if (filter.from) parts.push(gte(subscriptions.createdAt, new Date(dayStart(filter.from))));
  if (filter.to) {
    const before = new Date(dayStart(filter.to) + DAY_MS);
    parts.push(lt(subscriptions.createdAt, before));
    // Redundant but exact: the newest id inside the range, read from the created_at index. Without it a
    // newest-first walk of the primary key must step over every row subscribed after the range first.
    // INDEXED BY: left alone, SQLite answers max(id) by walking the primary key down from the top.
    const from = filter.from ? dayStart(filter.from) : 0;
    const newest =
      db.get<{ id: number | null }>(
        sql`select max(id) as id from subscriptions indexed by subscriptions_created_at_idx where created_at >= ${from} and created_at < ${before.getTime()}`,
      )?.id ?? 0;
    parts.push(lte(subscriptions.id, newest));
  }
  if (filter.topic) {
    const members = db
      .select({ id: subscriptionTopics.subscriptionId })
      .from(subscriptionTopics)
      .where(eq(subscriptionTopics.topicId, filter.topic));
    // A page walks subscriptions newest first and probes each for the topic (EXISTS stops at 50 rows);
    // a count walks the topic's index instead (IN), so it costs the topic's size, not the table's.
    parts.push(
      options.forCount
        ? inArray(subscriptions.id, members)
        : exists(
            db
              .select({ one: sql`1` })
              .from(subscriptionTopics)
              .where(
                and(
                  eq(subscriptionTopics.subscriptionId, subscriptions.id),
                  eq(subscriptionTopics.topicId, filter.topic),
                ),
              ),
          ),
    );
  }
  if (afterId) parts.push(lt(subscriptions.id, afterId));
  return parts.length ? and(...parts) : undefined;
}
