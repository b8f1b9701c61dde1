// The SQL of saving a subscription on PostgreSQL, statement for statement beside its SQLite twin
// (./save-statements.ts). Two things differ. Rows are locked as they are read (FOR UPDATE): under
// READ COMMITTED two requests for one endpoint would otherwise both pass the checks, where SQLite's
// write lock lets one save run at a time. And an insert says ON CONFLICT DO NOTHING: an endpoint no row
// had when it was read may be stored by another request meanwhile, which the caller then decides again
// (and a replacement that moves a row onto such an endpoint, see moveSubscription).
// Times: SQLite's integer milliseconds are timestamptz here, sent as Date.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { PushService, SubscriptionStatus } from "@/lib/db/schema/enums";
import type { StoredSubscription, SubscriptionFields } from "./save-statements";

/** What the answer shows of a saved row, before its topics. */
export type SavedRow = { id: number; status: SubscriptionStatus; pushService: PushService; createdAt: number };

type SavedColumns = { id: number; status: SubscriptionStatus; push_service: PushService; created_at_ms: number };

// In milliseconds, as SQLite stores it: a raw query's timestamptz comes as the driver's text, not a Date
const SAVED_COLUMNS = sql`id, status, push_service, round(extract(epoch FROM created_at) * 1000)::int8 AS created_at_ms`;

function savedRow(row: SavedColumns): SavedRow {
  return { id: row.id, status: row.status, pushService: row.push_service, createdAt: row.created_at_ms };
}

/** The stored rows of these canonical endpoints, locked until the transaction ends (in id order: no deadlock). */
export async function lockStored(tx: Db, endpoints: readonly string[]): Promise<Map<string, StoredSubscription>> {
  const rows = await queryRows<StoredSubscription & { endpoint: string }>(
    tx,
    sql`SELECT id, auth, status, endpoint FROM subscriptions
        WHERE endpoint IN (${sql.join(
          endpoints.map((endpoint) => sql`${endpoint}`),
          sql`, `,
        )})
        ORDER BY id FOR UPDATE`,
  );
  return new Map(rows.map(({ endpoint, ...stored }) => [endpoint, stored]));
}

/** The new row, or undefined when another request stored this endpoint since it was read. */
export async function insertSubscription(tx: Db, f: SubscriptionFields): Promise<SavedRow | undefined> {
  const at = new Date(f.at);
  const [row] = await queryRows<SavedColumns>(
    tx,
    sql`INSERT INTO subscriptions (endpoint, p256dh, auth, expiration_time, status, push_service, push_host, browser, platform,
          language, time_zone, vapid_public_key, user_id, external_id, last_seen_at, created_at, updated_at)
        VALUES (${f.endpoint}, ${f.p256dh}, ${f.auth}, ${expiration(f)}, 'active', ${f.pushService}, ${f.pushHost},
          ${f.browser}, ${f.platform}, ${f.language}, ${f.timeZone}, ${f.vapidPublicKey}, ${f.userId}, ${f.externalId},
          ${at}, ${at}, ${at})
        ON CONFLICT (endpoint) DO NOTHING
        RETURNING ${SAVED_COLUMNS}`,
  );
  return row && savedRow(row);
}

function expiration(f: SubscriptionFields): Date | null {
  return f.expirationTime === null ? null : new Date(f.expirationTime);
}

/** ./save-statements.ts refreshSubscription: active again with these keys; a null userId or externalId keeps the stored one. */
export async function refreshSubscription(tx: Db, id: number, f: SubscriptionFields): Promise<SavedRow> {
  const at = new Date(f.at);
  const [row] = await queryRows<SavedColumns>(
    tx,
    sql`UPDATE subscriptions SET endpoint = ${f.endpoint}, p256dh = ${f.p256dh}, auth = ${f.auth},
          expiration_time = ${expiration(f)}, status = 'active', push_service = ${f.pushService}, push_host = ${f.pushHost},
          browser = ${f.browser}, platform = ${f.platform}, language = ${f.language}, time_zone = ${f.timeZone},
          vapid_public_key = ${f.vapidPublicKey}, user_id = coalesce(${f.userId}::integer, user_id),
          external_id = coalesce(${f.externalId}::text, external_id), last_seen_at = ${at},
          unsubscribed_at = NULL, expired_at = NULL, updated_at = ${at}
        WHERE id = ${id}
        RETURNING ${SAVED_COLUMNS}`,
  );
  return savedRow(row!);
}

/**
 * refreshSubscription onto a new endpoint (a replacement), or undefined when another request stored that
 * endpoint since it was read: the unique index refuses the UPDATE, inside a savepoint so that the refusal
 * undoes only this statement and the caller decides again.
 */
export async function moveSubscription(tx: Db, id: number, f: SubscriptionFields): Promise<SavedRow | undefined> {
  try {
    return await tx.transaction((savepoint) => refreshSubscription(savepoint, id, f));
  } catch (error) {
    if ((error as { cause?: { code?: unknown } } | null)?.cause?.code === UNIQUE_VIOLATION) return undefined;
    throw error;
  }
}

const UNIQUE_VIOLATION = "23505";

/** Unsubscribes a row: it stays for statistics, its keys are wiped so it can never be sent to again. */
export async function wipeSubscription(tx: Db, id: number, at: Date): Promise<void> {
  await queryRows(
    tx,
    sql`UPDATE subscriptions SET status = 'unsubscribed', p256dh = NULL, auth = NULL, unsubscribed_at = ${at}, updated_at = ${at}
        WHERE id = ${id}`,
  );
}

/** A topic change: the visitor was here. */
export async function touchSubscription(tx: Db, id: number, at: Date): Promise<void> {
  await queryRows(tx, sql`UPDATE subscriptions SET last_seen_at = ${at}, updated_at = ${at} WHERE id = ${id}`);
}

export async function topicIdsOf(tx: Db, subscriptionId: number): Promise<number[]> {
  const rows = await queryRows<{ topic_id: number }>(
    tx,
    sql`SELECT topic_id FROM subscription_topics WHERE subscription_id = ${subscriptionId}`,
  );
  return rows.map((row) => row.topic_id);
}

/** One statement each way, where SQLite runs one prepared insert per topic. */
export async function replaceTopicIds(
  tx: Db,
  subscriptionId: number,
  topicIds: readonly number[],
  options: { fresh: boolean },
): Promise<void> {
  if (!options.fresh) {
    await queryRows(tx, sql`DELETE FROM subscription_topics WHERE subscription_id = ${subscriptionId}`);
  }
  if (topicIds.length === 0) return;
  await queryRows(
    tx,
    sql`INSERT INTO subscription_topics (subscription_id, topic_id)
        VALUES ${sql.join(
          topicIds.map((topicId) => sql`(${subscriptionId}, ${topicId})`),
          sql`, `,
        )}`,
  );
}

/** The row of a proof's canonical endpoint locked, so a topic change and an unsubscribe run one at a time. */
export async function lockByEndpoint(tx: Db, endpoint: string): Promise<void> {
  await queryRows(tx, sql`SELECT id FROM subscriptions WHERE endpoint = ${endpoint} FOR UPDATE`);
}
