// Async seeds for the tests of what the admin reads about sending (stats, campaigns, delivery log): the
// same rows as test/unit/segments/factory.ts and test/support/engine-factories.ts, through the async
// `Db`, so the tests run on SQLite and PostgreSQL alike.
import type { Db, Tables } from "@/lib/db/app-db";
import { EVERYONE } from "./engine-factories";

type SubscriptionSeed = Partial<Tables["subscriptions"]["$inferInsert"]> & { topicIds?: number[] };

const DAY = 86_400_000;
let sequence = 0;

export async function seedTopic(db: Db, slug: string): Promise<number> {
  const { topics } = db.tables;
  const [row] = await db.insert(topics).values({ slug, name: slug }).returning({ id: topics.id });
  return row!.id;
}

/** An active subscription at push.example.test (fcm) created 30 days ago, unless the seed says otherwise. */
export async function seedSubscription(db: Db, seed: SubscriptionSeed = {}): Promise<number> {
  const { subscriptions, subscriptionTopics } = db.tables;
  const { topicIds = [], ...values } = seed;
  sequence += 1;
  const now = Date.now();
  const [row] = await db
    .insert(subscriptions)
    .values({
      endpoint: `https://push.example.test/send/${sequence}-${Math.random().toString(36).slice(2)}`,
      p256dh: "p256dh",
      auth: "auth",
      pushService: "fcm",
      pushHost: "push.example.test",
      browser: "chrome",
      platform: "windows",
      language: "en",
      vapidPublicKey: "vapid",
      createdAt: new Date(now - 30 * DAY),
      lastSeenAt: new Date(now - DAY),
      ...values,
    })
    .returning({ id: subscriptions.id });
  if (topicIds.length > 0)
    await db.insert(subscriptionTopics).values(topicIds.map((topicId) => ({ subscriptionId: row!.id, topicId })));
  return row!.id;
}

export async function seedCampaign(db: Db, values: Partial<Tables["campaigns"]["$inferInsert"]> = {}): Promise<number> {
  const { campaigns } = db.tables;
  const [row] = await db
    .insert(campaigns)
    .values({
      title: "Sale starts now",
      body: "20% off today",
      url: "https://site.example/sale",
      audience: EVERYONE,
      ...values,
    })
    .returning({ id: campaigns.id });
  return row!.id;
}

let tokens = 0;

export async function seedDelivery(
  db: Db,
  campaignId: number,
  subscriptionId: number,
  values: Partial<Tables["deliveries"]["$inferInsert"]> = {},
): Promise<number> {
  const { deliveries } = db.tables;
  const [row] = await db
    .insert(deliveries)
    .values({ campaignId, subscriptionId, receiptToken: `t${++tokens}`, createdAt: 1, updatedAt: 1, ...values })
    .returning({ id: deliveries.id });
  return row!.id;
}

export async function seedReceipt(
  db: Db,
  campaignId: number,
  deliveryId: number,
  kind: "shown" | "clicked" | "action" | "closed",
  createdAt: number,
): Promise<void> {
  await db.insert(db.tables.receipts).values({ campaignId, deliveryId, kind, createdAt });
}

export async function seedUser(db: Db, email: string, role: "owner" | "editor" | "viewer" = "owner") {
  const { users } = db.tables;
  const [user] = await db.insert(users).values({ email, name: "Someone", role, passwordHash: "x" }).returning();
  return user!;
}
