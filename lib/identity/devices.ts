// A user's devices: the subscriptions that carry the site's own user id (subscriptions.external_id),
// served by the (external_id, status) index. Set by the site's back-end through the API, or at opt-in
// with a signed id (lib/subscriptions/save-plan.ts).
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { listColumns, topicNamesFor, toRowDto } from "@/lib/subscribers/queries";
import type { SubscriberRowDto } from "@/lib/subscribers/schema";
import { parseExternalId, parseExternalIds } from "./parse";

/** External ids per IN list (SQLite's limit of bound variables). */
const CHUNK = 500;
export const MAX_DEVICES_PER_PAGE = 500;

export class SubscriptionNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super("not_found", `There is no subscription ${id}.`);
  }
}

async function rowDtos(db: Db, rows: Awaited<ReturnType<typeof selectRows>>): Promise<SubscriberRowDto[]> {
  const names = await topicNamesFor(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toRowDto(row, names.get(row.id) ?? []));
}

function selectRows(db: Db) {
  return db.select(listColumns(db)).from(db.tables.subscriptions);
}

/**
 * Links a subscription to a user of the site (or unlinks it: null). Any status: an unsubscribed device
 * stays the user's for their history and for deleteUserData.
 */
export async function setSubscriptionUser(
  db: Db,
  subscriptionId: number,
  externalId: string | null,
  now: Date,
): Promise<SubscriberRowDto> {
  const id = externalId === null ? null : parseExternalId(externalId);
  const { subscriptions } = db.tables;
  const [updated] = await db
    .update(subscriptions)
    .set({ externalId: id, updatedAt: now })
    .where(eq(subscriptions.id, subscriptionId))
    .returning({ id: subscriptions.id });
  if (!updated) throw new SubscriptionNotFoundError(subscriptionId);
  const rows = await selectRows(db).where(eq(subscriptions.id, subscriptionId)).limit(1);
  return (await rowDtos(db, rows))[0]!;
}

/** A user's devices, active ones first, newest first within each status. */
export async function subscriptionsOfUser(
  db: Db,
  externalId: string,
  options: { limit?: number } = {},
): Promise<SubscriberRowDto[]> {
  const id = parseExternalId(externalId);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), MAX_DEVICES_PER_PAGE);
  const { subscriptions } = db.tables;
  const rows = await selectRows(db)
    .where(eq(subscriptions.externalId, id))
    .orderBy(sql`case when ${subscriptions.status} = 'active' then 0 else 1 end`, desc(subscriptions.id))
    .limit(limit);
  return rowDtos(db, rows);
}

export type UserDeviceCount = { active: number; total: number };

/** Devices per user id, every id asked for present (0 when the site never linked one). */
export async function countSubscriptionsOfUsers(
  db: Db,
  externalIds: readonly string[],
): Promise<Map<string, UserDeviceCount>> {
  const ids = parseExternalIds(externalIds);
  const { subscriptions } = db.tables;
  const counts = new Map<string, UserDeviceCount>(ids.map((id) => [id, { active: 0, total: 0 }]));
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await db
      .select({ externalId: subscriptions.externalId, status: subscriptions.status, n: count() })
      .from(subscriptions)
      .where(inArray(subscriptions.externalId, ids.slice(start, start + CHUNK)))
      .groupBy(subscriptions.externalId, subscriptions.status);
    for (const row of rows) {
      const entry = counts.get(row.externalId!);
      if (!entry) continue;
      entry.total += Number(row.n);
      if (row.status === "active") entry.active += Number(row.n);
    }
  }
  return counts;
}

/** The active subscription ids of these users, ascending and each once: the audience of "send to these users". */
export async function subscriptionIdsOfUsers(db: Db, externalIds: readonly string[]): Promise<number[]> {
  const ids = parseExternalIds(externalIds);
  const { subscriptions } = db.tables;
  const found = new Set<number>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(
        and(inArray(subscriptions.externalId, ids.slice(start, start + CHUNK)), eq(subscriptions.status, "active")),
      )
      .orderBy(asc(subscriptions.id));
    for (const row of rows) found.add(row.id);
  }
  return [...found].sort((a, b) => a - b);
}
