// Seeds subscriptions, topics and their links for segment and audience tests. The sync helpers take the
// sync SQLite database (tests of domains not yet async); the seed* siblings take the async `Db` of either
// engine. The sync ones go when their last test is async.
import type { SQL } from "drizzle-orm";
import type { Db as AppDb } from "@/lib/db/app-db";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { subscriptionTopics } from "@/lib/db/schema/subscription-topics";
import { topics } from "@/lib/db/schema/topics";

export const NOW = new Date("2025-06-15T12:00:00.000Z");
export const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

type SubscriptionSeed = Partial<typeof subscriptions.$inferInsert> & { topicIds?: number[] };

let sequence = 0;

export function addTopic(db: Db, slug: string): number {
  return db.insert(topics).values({ slug, name: slug }).returning({ id: topics.id }).get().id;
}

function subscriptionValues(values: Omit<SubscriptionSeed, "topicIds">): typeof subscriptions.$inferInsert {
  sequence += 1;
  return {
    endpoint: `https://push.example.test/send/${sequence}-${Math.random().toString(36).slice(2)}`,
    p256dh: "p256dh",
    auth: "auth",
    pushService: "fcm",
    pushHost: "push.example.test",
    browser: "chrome",
    platform: "windows",
    language: "en",
    vapidPublicKey: "vapid",
    createdAt: daysAgo(30),
    lastSeenAt: daysAgo(1),
    ...values,
  };
}

export function addSubscription(db: Db, seed: SubscriptionSeed = {}): number {
  const { topicIds = [], ...values } = seed;
  const id = db.insert(subscriptions).values(subscriptionValues(values)).returning({ id: subscriptions.id }).get().id;
  if (topicIds.length > 0)
    db.insert(subscriptionTopics)
      .values(topicIds.map((topicId) => ({ subscriptionId: id, topicId })))
      .run();
  return id;
}

/** Ids of the subscriptions matching a where-condition, in id order. */
export function idsWhere(db: Db, where: SQL): number[] {
  return db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(where)
    .orderBy(subscriptions.id)
    .all()
    .map((r) => r.id);
}

export async function seedTopic(db: AppDb, slug: string): Promise<number> {
  const { topics } = db.tables;
  const [topic] = await db.insert(topics).values({ slug, name: slug }).returning({ id: topics.id });
  return topic!.id;
}

export async function seedSubscription(db: AppDb, seed: SubscriptionSeed = {}): Promise<number> {
  const { subscriptions, subscriptionTopics } = db.tables;
  const { topicIds = [], ...values } = seed;
  const [row] = await db.insert(subscriptions).values(subscriptionValues(values)).returning({ id: subscriptions.id });
  const id = row!.id;
  if (topicIds.length > 0)
    await db.insert(subscriptionTopics).values(topicIds.map((topicId) => ({ subscriptionId: id, topicId })));
  return id;
}

/** Ids of the subscriptions matching a where-condition, in id order. */
export async function idsMatching(db: AppDb, where: SQL): Promise<number[]> {
  const { subscriptions } = db.tables;
  const rows = await db.select({ id: subscriptions.id }).from(subscriptions).where(where).orderBy(subscriptions.id);
  return rows.map((r) => r.id);
}
