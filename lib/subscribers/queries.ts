import { asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { perEngine, queryRows, type Db } from "@/lib/db/app-db";
import type { subscriptions as subscriptionsTable } from "@/lib/db/schema";
import { shortenEndpoint } from "./endpoint-display";
import { subscriberConditions } from "./filters";
import type { SubscriberFilter, SubscriberRowDto } from "./schema";

export const SUBSCRIBER_PAGE_SIZE = 50;

export type SubscriberPage = { rows: SubscriberRowDto[]; nextCursor: number | null };

type Subscription = typeof subscriptionsTable.$inferSelect;

export type ListRow = Pick<
  Subscription,
  | "id"
  | "endpoint"
  | "status"
  | "pushService"
  | "browser"
  | "platform"
  | "language"
  | "externalId"
  | "createdAt"
  | "lastSeenAt"
>;

/** The list's columns of this database's subscriptions table. */
export function listColumns(db: Db) {
  const { subscriptions } = db.tables;
  return {
    id: subscriptions.id,
    endpoint: subscriptions.endpoint,
    status: subscriptions.status,
    pushService: subscriptions.pushService,
    browser: subscriptions.browser,
    platform: subscriptions.platform,
    language: subscriptions.language,
    externalId: subscriptions.externalId,
    createdAt: subscriptions.createdAt,
    lastSeenAt: subscriptions.lastSeenAt,
  };
}

/** Topic names (or slugs, for the API) per subscription, for a page of ids: one query, not one per row. */
export async function topicNamesFor(
  db: Db,
  ids: readonly number[],
  label: "name" | "slug" = "name",
): Promise<Map<number, string[]>> {
  const { subscriptionTopics, topics } = db.tables;
  const byId = new Map<number, string[]>();
  if (ids.length === 0) return byId;
  const rows = await db
    .select({ subscriptionId: subscriptionTopics.subscriptionId, label: topics[label] })
    .from(subscriptionTopics)
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(inArray(subscriptionTopics.subscriptionId, [...ids]))
    .orderBy(asc(topics.position), asc(topics.id));
  for (const row of rows) byId.set(row.subscriptionId, [...(byId.get(row.subscriptionId) ?? []), row.label]);
  return byId;
}

export function toRowDto(row: ListRow, topicNames: string[]): SubscriberRowDto {
  return {
    id: row.id,
    endpoint: shortenEndpoint(row.endpoint),
    status: row.status,
    pushService: row.pushService,
    browser: row.browser,
    platform: row.platform,
    language: row.language,
    externalId: row.externalId,
    topics: topicNames,
    createdAt: row.createdAt.getTime(),
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.getTime() : null,
  };
}

/** Raw rows of one keyset page, newest first: `afterId` is the last id of the previous page. */
export async function selectSubscriberRows(
  db: Db,
  filter: SubscriberFilter,
  afterId: number | undefined,
  limit: number,
): Promise<ListRow[]> {
  const { subscriptions } = db.tables;
  return db
    .select(listColumns(db))
    .from(subscriptions)
    .where(await subscriberConditions(db, filter, afterId))
    .orderBy(desc(subscriptions.id))
    .limit(limit);
}

/** One page of the subscriber list. Keyset pagination: the cost is the same on page 1 and page 10,000. */
export async function listSubscribers(
  db: Db,
  filter: SubscriberFilter,
  options: { after?: number; limit?: number } = {},
): Promise<SubscriberPage> {
  const limit = Math.min(Math.max(options.limit ?? SUBSCRIBER_PAGE_SIZE, 1), 500);
  const rows = await selectSubscriberRows(db, filter, options.after, limit + 1);
  const page = rows.slice(0, limit);
  const names = await topicNamesFor(
    db,
    page.map((row) => row.id),
  );
  return {
    rows: page.map((row) => toRowDto(row, names.get(row.id) ?? [])),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export type SubscriberCount = { total: number; matching: number };

/**
 * COUNT(*) under the list's conditions. With nothing but a status and perhaps a topic, SQLite's own pick
 * is a skip-scan of another index: the (status, id) index is named instead, 2-3x faster on a million rows.
 * PostgreSQL has no such hint and needs none.
 */
async function countStatement(db: Db, filter: SubscriberFilter): Promise<SQL> {
  const { subscriptions } = db.tables;
  const where = await subscriberConditions(db, filter, undefined, { forCount: true });
  const statusIndex =
    filter.status !== "all" &&
    Object.entries(filter).every(([key, value]) => key === "status" || key === "topic" || value === undefined);
  const from = statusIndex
    ? perEngine(db, {
        sqlite: sql`${subscriptions} indexed by subscriptions_status_id_idx`,
        postgres: sql`${subscriptions}`,
      })
    : sql`${subscriptions}`;
  return sql`select count(*) from ${from}${where ? sql` where ${where}` : sql``}`;
}

/**
 * How many subscribers the list holds: `total` in the chosen status alone, `matching` with every
 * filter, both in one statement. Timed by `npm run bench:subscribers`.
 */
export async function countSubscribers(db: Db, filter: SubscriberFilter): Promise<SubscriberCount> {
  const base: SubscriberFilter = { status: filter.status };
  const narrowed = Object.entries(filter).some(([key, value]) => key !== "status" && value !== undefined);
  const [row] = await queryRows<{ total: number; matching: number }>(
    db,
    sql`select (${await countStatement(db, base)}) as total, (${await countStatement(db, narrowed ? filter : base)}) as matching`,
  );
  // count(*) is int8 on PostgreSQL: pg-client parses it to a number, Number() keeps the type honest
  return { total: Number(row?.total ?? 0), matching: Number(row?.matching ?? 0) };
}

/**
 * Values present in the data for the browser/platform/language pickers (index-only distinct scans).
 * `> ''` leaves out NULL and the empty string in the scan itself, so the 200 are real values on both
 * engines (SQLite sorts NULL first, PostgreSQL last).
 */
export async function subscriberFilterOptions(
  db: Db,
): Promise<{ browsers: string[]; platforms: string[]; languages: string[] }> {
  const { subscriptions } = db.tables;
  const distinct = async (
    column: typeof subscriptions.browser | typeof subscriptions.platform | typeof subscriptions.language,
  ) =>
    (
      await db
        .selectDistinct({ value: column })
        .from(subscriptions)
        .where(gt(column, ""))
        .orderBy(asc(column))
        .limit(200)
    )
      .map((row) => row.value)
      .filter((value): value is string => typeof value === "string" && value.length > 0);
  const [browsers, platforms, languages] = await Promise.all([
    distinct(subscriptions.browser),
    distinct(subscriptions.platform),
    distinct(subscriptions.language),
  ]);
  return { browsers, platforms, languages };
}
