// What the snapshot tests read and seed, on either engine.
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { seedSubscription, type SubscriptionSeed } from "@/test/support/seeds";

export const t0 = Date.parse("2030-01-01T10:00:00Z");

/** `count` subscriptions alike but for their endpoints; their ids, ascending. */
export async function seedSubscriptions(db: Db, count: number, seed: SubscriptionSeed = {}): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await seedSubscription(db, seed));
  return ids;
}

/** The campaign's deliveries by subscription. */
export function deliveriesOf(db: Db, campaignId: number) {
  const { deliveries } = db.tables;
  return db
    .select({
      subscriptionId: deliveries.subscriptionId,
      receiptToken: deliveries.receiptToken,
      nextAttemptAt: deliveries.nextAttemptAt,
      status: deliveries.status,
    })
    .from(deliveries)
    .where(eq(deliveries.campaignId, campaignId))
    .orderBy(asc(deliveries.subscriptionId));
}

export async function campaignOf(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}
