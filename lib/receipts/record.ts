import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries, receipts, subscriptions } from "@/lib/db/schema";
import type { ReceiptInput } from "./schema";

export type RecordOutcome = "recorded" | "duplicate" | "unknown_token";

/**
 * Stores a receipt once per (delivery, kind) and bumps the campaign's counter only on that first
 * insert, so a worker retrying from its offline queue never inflates the numbers. "clicked" and
 * "action" both mean the visitor clicked, so clickedCount counts the first of either.
 * The caller answers the same way for every outcome: a token's existence is never revealed.
 */
export function recordReceipt(db: Db, input: ReceiptInput, now: Date): RecordOutcome {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const delivery = t
      .select({ id: deliveries.id, campaignId: deliveries.campaignId, subscriptionId: deliveries.subscriptionId })
      .from(deliveries)
      .where(eq(deliveries.receiptToken, input.token))
      .get();
    if (!delivery) return "unknown_token";

    const inserted = t
      .insert(receipts)
      .values({
        deliveryId: delivery.id,
        campaignId: delivery.campaignId,
        kind: input.kind,
        action: input.kind === "action" ? (input.action ?? null) : null,
        createdAt: now.getTime(),
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return "duplicate";

    const isClick = input.kind === "clicked" || input.kind === "action";
    const counter =
      input.kind === "shown" ? { shownCount: sql`${campaigns.shownCount} + 1` }
      : input.kind === "closed" ? { closedCount: sql`${campaigns.closedCount} + 1` }
      : { clickedCount: sql`${campaigns.clickedCount} + 1` };
    const firstClick =
      !isClick ||
      t.select({ n: sql<number>`count(*)` }).from(receipts)
        .where(and(eq(receipts.deliveryId, delivery.id), inArray(receipts.kind, ["clicked", "action"])))
        .get()!.n === 1;
    if (firstClick) t.update(campaigns).set(counter).where(eq(campaigns.id, delivery.campaignId)).run();

    t.update(subscriptions)
      .set(isClick ? { lastSeenAt: now, lastClickedAt: now } : { lastSeenAt: now })
      .where(eq(subscriptions.id, delivery.subscriptionId))
      .run();
    return "recorded";
  }, { behavior: "immediate" });
}
