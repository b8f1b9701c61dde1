// Subscriptions, topics and their links for segment and audience tests on the sync SQLite database (tests
// of domains not yet async; they go when their last test is async), and the clock those tests share. The
// async seeds are in test/support/seeds.ts; idsMatching reads through the async `Db` of either engine.
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

/** Ids of the subscriptions matching a where-condition, in id order. */
export async function idsMatching(db: AppDb, where: SQL): Promise<number[]> {
  const { subscriptions } = db.tables;
  const rows = await db.select({ id: subscriptions.id }).from(subscriptions).where(where).orderBy(subscriptions.id);
  return rows.map((r) => r.id);
}
