// The SQL of saving a subscription, the visitor API's busiest write after receipts: plain statements
// prepared once per connection (lib/db/prepared.ts). Through drizzle's builder, building and preparing
// these six queries cost more CPU than the writes themselves.
import type { Db } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import type { PushService, SubscriptionStatus } from "@/lib/db/schema/enums";

/** What saving needs to know about a stored row. */
export type StoredSubscription = { id: number; auth: string | null; status: SubscriptionStatus };

/** Every column a save writes; times in ms since the epoch. */
export type SubscriptionFields = {
  endpoint: string;
  p256dh: string;
  auth: string;
  expirationTime: number | null;
  pushService: PushService;
  pushHost: string;
  browser: string;
  platform: string;
  language: string | null;
  timeZone: string | null;
  vapidPublicKey: string;
  userId: number | null;
  /** null keeps the stored one: a re-subscription without a signed id does not unlink the device */
  externalId: string | null;
  at: number;
};

/** endpoint: canonical (lib/push/canonical-endpoint.ts), as rows are stored. */
export function findStored(db: Db, endpoint: string): StoredSubscription | undefined {
  return prepared(db, `SELECT id, auth, status FROM subscriptions WHERE endpoint = ?`).get(endpoint) as
    StoredSubscription | undefined;
}

export function insertSubscription(db: Db, f: SubscriptionFields): number {
  return prepared(
    db,
    `INSERT INTO subscriptions (endpoint, p256dh, auth, expiration_time, status, push_service, push_host, browser, platform,
       language, time_zone, vapid_public_key, user_id, external_id, last_seen_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .pluck()
    .get(
      f.endpoint,
      f.p256dh,
      f.auth,
      f.expirationTime,
      f.pushService,
      f.pushHost,
      f.browser,
      f.platform,
      f.language,
      f.timeZone,
      f.vapidPublicKey,
      f.userId,
      f.externalId,
      f.at,
      f.at,
      f.at,
    ) as number;
}

/**
 * Refreshes a row as active with these keys (an expired old row moved to its replacement's endpoint comes
 * back). A null userId or externalId keeps the stored one. Callers refuse an unsubscribed or expired endpoint first.
 */
export function refreshSubscription(db: Db, id: number, f: SubscriptionFields): void {
  prepared(
    db,
    `UPDATE subscriptions SET endpoint = ?, p256dh = ?, auth = ?, expiration_time = ?, status = 'active', push_service = ?,
       push_host = ?, browser = ?, platform = ?, language = ?, time_zone = ?, vapid_public_key = ?, user_id = coalesce(?, user_id),
       external_id = coalesce(?, external_id), last_seen_at = ?, unsubscribed_at = NULL, expired_at = NULL, updated_at = ?
     WHERE id = ?`,
  ).run(
    f.endpoint,
    f.p256dh,
    f.auth,
    f.expirationTime,
    f.pushService,
    f.pushHost,
    f.browser,
    f.platform,
    f.language,
    f.timeZone,
    f.vapidPublicKey,
    f.userId,
    f.externalId,
    f.at,
    f.at,
    id,
  );
}

/** Unsubscribes a row: it stays for statistics, its keys are wiped so it can never be sent to again. */
export function wipeSubscription(db: Db, id: number, at: number): void {
  prepared(
    db,
    `UPDATE subscriptions SET status = 'unsubscribed', p256dh = NULL, auth = NULL, unsubscribed_at = ?, updated_at = ? WHERE id = ?`,
  ).run(at, at, id);
}

/** A topic change: the visitor was here. */
export function touchSubscription(db: Db, id: number, at: number): void {
  prepared(db, `UPDATE subscriptions SET last_seen_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
}

export function topicIdsOf(db: Db, subscriptionId: number): number[] {
  return prepared(db, `SELECT topic_id FROM subscription_topics WHERE subscription_id = ?`)
    .pluck()
    .all(subscriptionId) as number[];
}

export function replaceTopicIds(
  db: Db,
  subscriptionId: number,
  topicIds: readonly number[],
  options: { fresh: boolean },
): void {
  if (!options.fresh) prepared(db, `DELETE FROM subscription_topics WHERE subscription_id = ?`).run(subscriptionId);
  const insert = prepared(db, `INSERT INTO subscription_topics (subscription_id, topic_id) VALUES (?, ?)`);
  for (const topicId of topicIds) insert.run(subscriptionId, topicId);
}

/** The answer's view of a saved row: its status, push service, creation time and topic slugs in the site's order. */
export function savedView(
  db: Db,
  id: number,
): { status: SubscriptionStatus; pushService: PushService; createdAt: number; topics: string[] } {
  const row = prepared(
    db,
    `SELECT status, push_service AS pushService, created_at AS createdAt FROM subscriptions WHERE id = ?`,
  ).get(id) as {
    status: SubscriptionStatus;
    pushService: PushService;
    createdAt: number;
  };
  const topics = prepared(
    db,
    `SELECT t.slug FROM subscription_topics st JOIN topics t ON t.id = st.topic_id WHERE st.subscription_id = ? ORDER BY t.position, t.id`,
  )
    .pluck()
    .all(id) as string[];
  return { ...row, topics };
}
