// The rows tests stand on, inserted through the async `Db` of either engine (test/support/databases.ts):
// one seed per row kind, each taking a partial row that overrides its defaults. The defaults are fixed
// values, not "now", so a test that reads a time or an order depends only on what it seeds; a test that
// depends on a column says its value.
//
// The sync factories (test/unit/segments/factory.ts, test/unit/subscribers/factory.ts, addUser in
// ./users.ts) are for tests of code still on the sync SQLite database.
import { createECDH, randomBytes } from "node:crypto";
import type { Db, Tables } from "@/lib/db/app-db";
import type { UserRole } from "@/lib/db/schema/enums";
import { CAMPAIGN_DEFAULTS } from "./engine-factories";
import { hashPassword } from "@/lib/auth/password";
import { toUserDto, type UserDto } from "@/lib/users/dto";
import { FAST_SCRYPT } from "./users";

type Insert<T extends { $inferInsert: unknown }> = T["$inferInsert"];

/** When seeded subscriptions were made (and last seen), and their deliveries a day later. */
export const SUBSCRIBED_AT = new Date("2026-03-01T12:00:00Z");
export const DELIVERED_AT = Date.parse("2026-03-02T10:00:00Z");

let sequence = 0;
/** Unique within the run, so seeds never collide on a unique column. */
const unique = () => `${++sequence}-${randomBytes(6).toString("hex")}`;

/** A key pair as a browser makes it: what the sender and the import check accept. */
export function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

/** An editor (unless the row says otherwise) with a password hash nothing matches. */
export async function seedUser(
  db: Db,
  values: Partial<Insert<Tables["users"]>> = {},
): Promise<Tables["users"]["$inferSelect"]> {
  const { users } = db.tables;
  const role = values.role ?? "editor";
  const [row] = await db
    .insert(users)
    .values({ email: `${role}-${unique()}@example.com`, name: `Test ${role}`, role, passwordHash: "x", ...values })
    .returning();
  return row!;
}

export type SeededAccount = UserDto & { password: string };

/** A team member who can sign in with `password`: hashed for real, with cheap parameters. */
export async function seedAccount(
  db: Db,
  account: { role: UserRole; email?: string; password?: string },
): Promise<SeededAccount> {
  const { role, email, password = "a long enough password" } = account;
  const passwordHash = await hashPassword(password, FAST_SCRYPT);
  const row = await seedUser(db, { role, passwordHash, ...(email === undefined ? {} : { email }) });
  return { ...toUserDto(row), password };
}

/** A topic named as its slug, at position 0. */
export async function seedTopic(db: Db, values: Partial<Insert<Tables["topics"]>> = {}): Promise<number> {
  const { topics } = db.tables;
  const slug = values.slug ?? `topic-${unique()}`;
  const [row] = await db
    .insert(topics)
    .values({ slug, name: slug, ...values })
    .returning({ id: topics.id });
  return row!.id;
}

export type SubscriptionSeed = Partial<Insert<Tables["subscriptions"]>> & { topicIds?: readonly number[] };

/**
 * An active Chrome-on-Android subscription at FCM with real keys, made with "current-key" on
 * SUBSCRIBED_AT and last seen when it was made, following the topics in `topicIds`.
 */
export async function seedSubscription(db: Db, seed: SubscriptionSeed = {}): Promise<number> {
  const { subscriptions, subscriptionTopics } = db.tables;
  const { topicIds = [], ...values } = seed;
  const endpoint = values.endpoint ?? `https://fcm.googleapis.com/fcm/send/seed-${unique()}`;
  const createdAt = values.createdAt ?? SUBSCRIBED_AT;
  const [row] = await db
    .insert(subscriptions)
    .values({
      ...browserKeys(),
      pushService: "fcm",
      pushHost: new URL(endpoint).host,
      browser: "chrome",
      platform: "android",
      language: "en",
      vapidPublicKey: "current-key",
      lastSeenAt: createdAt,
      ...values,
      endpoint,
      createdAt,
    })
    .returning({ id: subscriptions.id });
  const id = row!.id;
  if (topicIds.length > 0)
    await db.insert(subscriptionTopics).values(topicIds.map((topicId) => ({ subscriptionId: id, topicId })));
  return id;
}

/** A draft to everyone, with a title, a body and a click URL. */
export async function seedCampaign(db: Db, values: Partial<Insert<Tables["campaigns"]>> = {}): Promise<number> {
  const { campaigns } = db.tables;
  const [row] = await db
    .insert(campaigns)
    .values({ ...CAMPAIGN_DEFAULTS, ...values })
    .returning({ id: campaigns.id });
  return row!.id;
}

export type DeliverySeed = Pick<Insert<Tables["deliveries"]>, "campaignId" | "subscriptionId"> &
  Partial<Insert<Tables["deliveries"]>>;

/** A queued delivery (the table's defaults) with its own receipt token, made at DELIVERED_AT. */
export async function seedDelivery(db: Db, values: DeliverySeed): Promise<number> {
  const { deliveries } = db.tables;
  const [row] = await db
    .insert(deliveries)
    .values({ receiptToken: `t${unique()}`, createdAt: DELIVERED_AT, updatedAt: DELIVERED_AT, ...values })
    .returning({ id: deliveries.id });
  return row!.id;
}

export type ReceiptSeed = Pick<Insert<Tables["receipts"]>, "campaignId" | "deliveryId"> &
  Partial<Insert<Tables["receipts"]>>;

/** A "shown" receipt a second after DELIVERED_AT. */
export async function seedReceipt(db: Db, values: ReceiptSeed): Promise<number> {
  const { receipts } = db.tables;
  const [row] = await db
    .insert(receipts)
    .values({ kind: "shown", createdAt: DELIVERED_AT + 1000, ...values })
    .returning({ id: receipts.id });
  return row!.id;
}
