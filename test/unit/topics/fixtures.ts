// Async fixtures for the topic tests, on either engine (the sync ones in test/unit/subscribers/factory.ts
// and test/unit/subscriptions/helpers.ts take the sync SQLite database).
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/app-db";
import type { SubscriptionStatus } from "@/lib/db/schema/enums";
import { browserKeys } from "../subscribers/factory";

/** A team member to act as: only the audit log's actor reference needs the row. */
export async function addActor(db: Db, email = "editor@example.com"): Promise<{ id: number; email: string }> {
  const { users } = db.tables;
  const [user] = await db
    .insert(users)
    .values({ email, name: "Test editor", role: "editor", passwordHash: "x" })
    .returning({ id: users.id, email: users.email });
  return user!;
}

/** Topics in the order given (positions 0..n-1), named after their slugs. */
export async function seedTopics(db: Db, slugs: readonly string[]): Promise<void> {
  const { topics } = db.tables;
  await db.insert(topics).values(
    slugs.map((slug, position) => ({
      slug,
      name: slug[0]!.toUpperCase() + slug.slice(1),
      description: `About ${slug}`,
      position,
    })),
  );
}

/** A subscription that chose these topics. */
export async function addSubscriber(
  db: Db,
  seed: { topicIds: readonly number[]; status?: SubscriptionStatus },
): Promise<number> {
  const { subscriptions, subscriptionTopics } = db.tables;
  const endpoint = `https://fcm.googleapis.com/fcm/send/topic-test-${randomBytes(8).toString("hex")}`;
  const [row] = await db
    .insert(subscriptions)
    .values({
      endpoint,
      ...browserKeys(),
      status: seed.status ?? "active",
      pushService: "fcm",
      pushHost: new URL(endpoint).host,
      browser: "chrome",
      platform: "android",
      language: "en",
      vapidPublicKey: "current-key",
      createdAt: new Date("2026-03-01T12:00:00Z"),
      lastSeenAt: new Date("2026-03-01T12:00:00Z"),
    })
    .returning({ id: subscriptions.id });
  if (seed.topicIds.length > 0)
    await db.insert(subscriptionTopics).values(seed.topicIds.map((topicId) => ({ subscriptionId: row!.id, topicId })));
  return row!.id;
}
