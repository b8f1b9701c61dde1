import { and, eq, exists, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { perEngine, queryRows, type Db } from "@/lib/db/app-db";
import type { SubscriberFilter } from "./schema";

const DAY_MS = 86_400_000;

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/**
 * The newest id subscribed inside [from, before): a bound that is redundant but exact. Without it a
 * newest-first walk of the primary key must step over every row subscribed after the range first.
 * Times are compared through the column (integer ms on SQLite, timestamptz on PostgreSQL). INDEXED BY
 * (SQLite only): left alone, SQLite answers max(id) by walking the primary key down from the top.
 */
async function newestIdInRange(db: Db, from: Date | null, before: Date): Promise<number> {
  const { subscriptions } = db.tables;
  const source = perEngine(db, {
    sqlite: sql`${subscriptions} indexed by subscriptions_created_at_idx`,
    postgres: sql`${subscriptions}`,
  });
  const range = and(from ? gte(subscriptions.createdAt, from) : undefined, lt(subscriptions.createdAt, before));
  const [row] = await queryRows<{ id: number | null }>(
    db,
    sql`select max(${subscriptions.id}) as id from ${source} where ${range}`,
  );
  return row?.id ?? 0;
}

/**
 * The filter as one where-condition over `subscriptions`. Each equality has an index that starts
 * with the column and ends with status, and SQLite appends the rowid to every index, so
 * "column = ? AND status = ? ORDER BY id" walks an index in id order without sorting. Equalities are
 * case-sensitive on both engines (`=`, no LIKE): the values come from the pickers, as stored.
 */
export async function subscriberConditions(
  db: Db,
  filter: SubscriberFilter,
  afterId?: number,
  options: { forCount?: boolean } = {},
): Promise<SQL | undefined> {
  const { subscriptions, subscriptionTopics } = db.tables;
  const parts: SQL[] = [];
  if (filter.status !== "all") parts.push(eq(subscriptions.status, filter.status));
  if (filter.pushService) parts.push(eq(subscriptions.pushService, filter.pushService));
  if (filter.browser) parts.push(eq(subscriptions.browser, filter.browser));
  if (filter.platform) parts.push(eq(subscriptions.platform, filter.platform));
  if (filter.language) parts.push(eq(subscriptions.language, filter.language));
  if (filter.user !== undefined) parts.push(eq(subscriptions.externalId, filter.user));
  const from = filter.from ? new Date(dayStart(filter.from)) : null;
  if (from) parts.push(gte(subscriptions.createdAt, from));
  if (filter.to) {
    const before = new Date(dayStart(filter.to) + DAY_MS);
    parts.push(lt(subscriptions.createdAt, before));
    parts.push(lte(subscriptions.id, await newestIdInRange(db, from, before)));
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
