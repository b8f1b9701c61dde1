// Rows the settings, onboarding and doctor tests stand on, written through the async API so they run on
// either engine (test/support/databases.ts). Only the columns those tests read are chosen; the rest take
// their defaults.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/app-db";
import type { DeliveryStatus, PushService, SubscriptionStatus } from "@/lib/db/schema/enums";

const EVERYONE = { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] };
const unique = () => randomBytes(8).toString("hex");

export async function insertOwner(db: Db): Promise<{ id: number; email: string }> {
  const { users } = db.tables;
  const [user] = await db
    .insert(users)
    .values({ email: `owner-${unique()}@example.com`, name: "Owner", role: "owner", passwordHash: "x" })
    .returning({ id: users.id, email: users.email });
  return user!;
}

export async function insertSubscription(
  db: Db,
  seed: { vapidPublicKey?: string; status?: SubscriptionStatus; pushService?: PushService } = {},
): Promise<number> {
  const { subscriptions } = db.tables;
  const [row] = await db
    .insert(subscriptions)
    .values({
      endpoint: `https://push.example.test/send/${unique()}`,
      p256dh: "p256dh",
      auth: "auth",
      status: seed.status ?? "active",
      pushService: seed.pushService ?? "fcm",
      pushHost: "push.example.test",
      vapidPublicKey: seed.vapidPublicKey ?? "current-key",
    })
    .returning({ id: subscriptions.id });
  return row!.id;
}

export async function insertCampaign(db: Db, values: { status?: "draft" | "sent"; startedAt?: Date | null } = {}) {
  const { campaigns } = db.tables;
  const [row] = await db
    .insert(campaigns)
    .values({ title: "Sale starts now", audience: EVERYONE, ...values })
    .returning({ id: campaigns.id });
  return row!.id;
}

export async function insertDelivery(
  db: Db,
  row: {
    campaignId: number;
    subscriptionId: number;
    status: DeliveryStatus;
    statusCode?: number | null;
    error?: string | null;
  },
): Promise<void> {
  const now = Date.parse("2026-03-02T10:00:00Z");
  await db
    .insert(db.tables.deliveries)
    .values({ ...row, attempts: 1, receiptToken: unique(), createdAt: now, updatedAt: now });
}
