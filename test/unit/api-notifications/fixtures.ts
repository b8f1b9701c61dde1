// Seeds the API-send tests share: an API key, and many subscriptions at once.
import type { Db, Tables } from "@/lib/db/app-db";
import { browserKeys, SUBSCRIBED_AT } from "@/test/support/seeds";

export const NOW = new Date("2026-04-01T12:00:00Z");
/** The install's public origin: links a send leaves out become absolute against it. */
export const SITE = "https://push.example.com";

export async function seedApiKey(db: Db, name = "shop back-end"): Promise<{ id: number; name: string }> {
  const { apiKeys } = db.tables;
  const [row] = await db
    .insert(apiKeys)
    .values({
      name,
      prefix: "pb_test",
      secretHash: `${name}-${Math.random().toString(16).slice(2)}`,
      scopes: ["notifications:send", "notifications:read"],
    })
    .returning({ id: apiKeys.id, name: apiKeys.name });
  return row!;
}

type SubscriptionInsert = Tables["subscriptions"]["$inferInsert"];

/** `count` active FCM subscriptions, inserted 500 a statement; `each(i)` overrides columns. Ids ascending. */
export async function seedManySubscriptions(
  db: Db,
  count: number,
  each: (i: number) => Partial<SubscriptionInsert> = () => ({}),
): Promise<number[]> {
  const { subscriptions } = db.tables;
  const keys = browserKeys();
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows: SubscriptionInsert[] = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const endpoint = `https://fcm.googleapis.com/fcm/send/many-${i}-${Math.random().toString(36).slice(2)}`;
      rows.push({
        ...keys,
        endpoint,
        pushService: "fcm",
        pushHost: "fcm.googleapis.com",
        browser: "chrome",
        platform: "android",
        language: "en",
        vapidPublicKey: "current-key",
        createdAt: SUBSCRIBED_AT,
        lastSeenAt: SUBSCRIBED_AT,
        ...each(i),
      });
    }
    const inserted = await db.insert(subscriptions).values(rows).returning({ id: subscriptions.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids.sort((a, b) => a - b);
}
