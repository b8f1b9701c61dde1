// A started campaign with its snapshot written: the starting point of most queue tests. startedCampaign
// on the sync SQLite database (through the real snapshot), startedCampaignOn on either engine's async `Db`.
import { randomBytes } from "node:crypto";
import { and, asc, eq, lte } from "drizzle-orm";
import type { Db as AppDb } from "@/lib/db/app-db";
import type { Db } from "@/lib/db/client";
import type { campaigns } from "@/lib/db/schema";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { snapshotCampaignSync } from "@/lib/delivery/snapshot";
import { newReceiptToken } from "@/lib/delivery/tokens";
import { activeSubscriptions, insertCampaign, insertSubscriptions } from "./engine-factories";
import { browserKeys, seedCampaign } from "./seeds";

type StartOptions = { now: number; hosts?: Record<string, number>; campaign?: Partial<typeof campaigns.$inferInsert> };

export function startedCampaign(db: Db, options: StartOptions): { campaignId: number; subscriptionIds: number[] } {
  const subscriptionIds: number[] = [];
  for (const [pushHost, count] of Object.entries(options.hosts ?? { "push.test.example": 10 })) {
    subscriptionIds.push(...insertSubscriptions(db, { count, pushHost, createdAt: options.now - 1 }));
  }
  const campaignId = insertCampaign(db, options.campaign);
  sendCampaignNowSync(db, campaignId, new Date(options.now));
  snapshotCampaignSync(db, campaignId, { resolveAudience: activeSubscriptions, now: options.now });
  return { campaignId, subscriptionIds };
}

/**
 * startedCampaign on either engine: `count` active subscriptions per push host made just before `now`,
 * a campaign sent at `now`, and its snapshot as snapshotCampaign writes it for everyone — one queued
 * delivery per active subscription made by then, in subscription id order, due at once.
 */
export async function startedCampaignOn(
  db: AppDb,
  options: StartOptions,
): Promise<{ campaignId: number; subscriptionIds: number[] }> {
  const { subscriptions, deliveries, campaigns } = db.tables;
  const { now } = options;
  const createdAt = new Date(now - 1);
  const keys = browserKeys();
  const subscriptionIds: number[] = [];
  for (const [pushHost, count] of Object.entries(options.hosts ?? { "push.test.example": 10 })) {
    if (count === 0) continue;
    const rows = await db
      .insert(subscriptions)
      .values(
        Array.from({ length: count }, () => ({
          endpoint: `https://${pushHost}/push/${randomBytes(12).toString("base64url")}`,
          ...keys,
          pushService: "other" as const,
          pushHost,
          vapidPublicKey: "test-key",
          createdAt,
          updatedAt: createdAt,
        })),
      )
      .returning({ id: subscriptions.id });
    subscriptionIds.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  const campaignId = await seedCampaign(db, options.campaign);
  await sendCampaignNow(db, campaignId, new Date(now));
  const audience = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.status, "active"), lte(subscriptions.createdAt, new Date(now))))
    .orderBy(asc(subscriptions.id));
  if (audience.length > 0) {
    await db.insert(deliveries).values(
      audience.map(({ id }) => ({
        campaignId,
        subscriptionId: id,
        receiptToken: newReceiptToken(now),
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  await db
    .update(campaigns)
    .set({ targetedCount: audience.length, snapshotCursor: audience.at(-1)?.id ?? 0, snapshotDoneAt: new Date(now) })
    .where(eq(campaigns.id, campaignId));
  return { campaignId, subscriptionIds };
}
