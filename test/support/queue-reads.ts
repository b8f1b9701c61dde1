// What the queue tests read back, on either engine's async `Db`: rows as Drizzle maps them (camelCase,
// milliseconds as numbers on both engines for the queue's own tables).
import { count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { exactCampaignRow } from "@/lib/campaigns/pending-counters";

export async function deliveryRow(db: Db, id: number) {
  const { deliveries } = db.tables;
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return row!;
}

export async function deliveryCounts(db: Db, campaignId: number): Promise<Record<string, number>> {
  const { deliveries } = db.tables;
  const rows = await db
    .select({ status: deliveries.status, n: count() })
    .from(deliveries)
    .where(eq(deliveries.campaignId, campaignId))
    .groupBy(deliveries.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The campaign's row with exact counters, as the readers see it (on PostgreSQL: with the pending deltas). */
export async function campaignRowOn(db: Db, id: number) {
  return (await exactCampaignRow(db, id))!;
}

export async function originRow(db: Db, origin: string) {
  const { pushOrigins } = db.tables;
  const [row] = await db.select().from(pushOrigins).where(eq(pushOrigins.origin, origin));
  return row;
}

export async function subscriptionRow(db: Db, id: number) {
  const { subscriptions } = db.tables;
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return row!;
}
