import { createECDH, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries, receipts, subscriptions, subscriptionTopics, topics } from "@/lib/db/schema";
import type { PushService, SubscriptionStatus } from "@/lib/db/schema/enums";

export function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

export function addTopic(db: Db, slug: string, position = 0): number {
  return db
    .insert(topics)
    .values({ slug, name: slug[0]!.toUpperCase() + slug.slice(1), description: `About ${slug}`, position })
    .returning({ id: topics.id })
    .get().id;
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
export function addSubscriber(db: Db, seed: SubscriberSeed = {}): { id: number; endpoint: string } {
  counter += 1;
  const endpoint =
    seed.endpoint ?? `https://fcm.googleapis.com/fcm/send/secret-${counter}-${randomBytes(8).toString("hex")}`;
  const keys = browserKeys();
  const id = db
    .insert(subscriptions)
    .values({
      endpoint,
      ...keys,
      status: seed.status ?? "active",
      pushService: seed.pushService ?? "fcm",
      pushHost: new URL(endpoint).host,
      browser: seed.browser ?? "chrome",
      platform: seed.platform ?? "android",
      language: seed.language === undefined ? "en" : seed.language,
      vapidPublicKey: seed.vapidPublicKey ?? "current-key",
      createdAt: seed.createdAt ?? new Date("2026-03-01T12:00:00Z"),
      lastSeenAt: seed.createdAt ?? new Date("2026-03-01T12:00:00Z"),
    })
    .returning({ id: subscriptions.id })
    .get().id;
  for (const topicId of seed.topicIds ?? [])
    db.insert(subscriptionTopics).values({ subscriptionId: id, topicId }).run();
  return { id, endpoint };
}

export function addDelivery(
  db: Db,
  subscriptionId: number,
  title = "Spring sale",
  kinds: ("shown" | "clicked")[] = [],
): number {
  const campaignId = db
    .insert(campaigns)
    .values({
      title,
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
      status: "sent",
    })
    .returning({ id: campaigns.id })
    .get().id;
  const now = Date.parse("2026-03-02T10:00:00Z");
  const deliveryId = db
    .insert(deliveries)
    .values({
      campaignId,
      subscriptionId,
      status: "accepted",
      attempts: 1,
      statusCode: 201,
      receiptToken: randomBytes(12).toString("hex"),
      createdAt: now,
      updatedAt: now,
      acceptedAt: now,
    })
    .returning({ id: deliveries.id })
    .get().id;
  for (const kind of kinds)
    db.insert(receipts)
      .values({ deliveryId, campaignId, kind, createdAt: now + 1000 })
      .run();
  return campaignId;
}
