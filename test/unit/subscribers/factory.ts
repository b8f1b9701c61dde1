import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries, receipts, subscriptions, subscriptionTopics, topics } from "@/lib/db/schema";
import type { PushService, SubscriptionStatus } from "@/lib/db/schema/enums";
import { browserKeys } from "@/test/support/seeds";

// Fixtures on the sync SQLite database, for tests of code not yet async; they go when their last test
// is async. The async seeds, for either engine, are in test/support/seeds.ts.

function topicRow(slug: string, position: number): typeof topics.$inferInsert {
  return { slug, name: slug[0]!.toUpperCase() + slug.slice(1), description: `About ${slug}`, position };
}

export function addTopic(db: Db, slug: string, position = 0): number {
  return db.insert(topics).values(topicRow(slug, position)).returning({ id: topics.id }).get().id;
}

export type SubscriberSeed = {
  status?: SubscriptionStatus;
  pushService?: PushService;
  browser?: string;
  platform?: string;
  language?: string | null;
  createdAt?: Date;
  topicIds?: number[];
  vapidPublicKey?: string;
  endpoint?: string;
};

let counter = 0;
function subscriberRow(seed: SubscriberSeed): typeof subscriptions.$inferInsert & { endpoint: string } {
  counter += 1;
  const endpoint =
    seed.endpoint ?? `https://fcm.googleapis.com/fcm/send/secret-${counter}-${randomBytes(8).toString("hex")}`;
  return {
    endpoint,
    ...browserKeys(),
    status: seed.status ?? "active",
    pushService: seed.pushService ?? "fcm",
    pushHost: new URL(endpoint).host,
    browser: seed.browser ?? "chrome",
    platform: seed.platform ?? "android",
    language: seed.language === undefined ? "en" : seed.language,
    vapidPublicKey: seed.vapidPublicKey ?? "current-key",
    createdAt: seed.createdAt ?? new Date("2026-03-01T12:00:00Z"),
    lastSeenAt: seed.createdAt ?? new Date("2026-03-01T12:00:00Z"),
  };
}

export function addSubscriber(db: Db, seed: SubscriberSeed = {}): { id: number; endpoint: string } {
  const row = subscriberRow(seed);
  const id = db.insert(subscriptions).values(row).returning({ id: subscriptions.id }).get().id;
  for (const topicId of seed.topicIds ?? [])
    db.insert(subscriptionTopics).values({ subscriptionId: id, topicId }).run();
  return { id, endpoint: row.endpoint };
}

const DELIVERED_AT = Date.parse("2026-03-02T10:00:00Z");

function campaignRow(title: string): typeof campaigns.$inferInsert {
  return {
    title,
    audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    status: "sent",
  };
}

function deliveryRow(campaignId: number, subscriptionId: number): typeof deliveries.$inferInsert {
  return {
    campaignId,
    subscriptionId,
    status: "accepted",
    attempts: 1,
    statusCode: 201,
    receiptToken: randomBytes(12).toString("hex"),
    createdAt: DELIVERED_AT,
    updatedAt: DELIVERED_AT,
    acceptedAt: DELIVERED_AT,
  };
}

const receiptRow = (deliveryId: number, campaignId: number, kind: "shown" | "clicked") => ({
  deliveryId,
  campaignId,
  kind,
  createdAt: DELIVERED_AT + 1000,
});

export function addDelivery(
  db: Db,
  subscriptionId: number,
  title = "Spring sale",
  kinds: ("shown" | "clicked")[] = [],
): number {
  const campaignId = db.insert(campaigns).values(campaignRow(title)).returning({ id: campaigns.id }).get().id;
  const deliveryId = db
    .insert(deliveries)
    .values(deliveryRow(campaignId, subscriptionId))
    .returning({ id: deliveries.id })
    .get().id;
  for (const kind of kinds)
    db.insert(receipts)
      .values(receiptRow(deliveryId, campaignId, kind))
      .run();
  return campaignId;
}
