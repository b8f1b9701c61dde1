import { and, eq, inArray } from "drizzle-orm";
import { changedRows, type Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { retryingCountLess } from "@/lib/campaigns/lifecycle-moves";
import { addCounterDeltas } from "@/lib/delivery/counter-deltas";
import { shortenEndpoint } from "./endpoint-display";

export class SubscriberNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super("not_found", "This subscriber no longer exists.");
  }
}

/** Ids per IN list: well inside SQLite's limit of bound variables (999 on builds before 3.32). */
const CHUNK = 500;

/**
 * Deletes subscriptions for good, inside the caller's transaction: the rows, their topics, deliveries and
 * receipts go (foreign keys cascade). Campaign totals are history and stay as they are (as retention
 * leaves them), except retrying_count, which counts rows still waiting: a deleted retrying row would
 * hold it above 0 for good, so it is taken off (a counter delta on PostgreSQL, as the queue writes them).
 */
export async function deleteSubscriptionRows(
  tx: Db,
  ids: readonly number[],
  now: Date,
): Promise<{ subscriptions: number; deliveries: number }> {
  const { campaigns, deliveries, subscriptions } = tx.tables;
  const totals = { subscriptions: 0, deliveries: 0 };
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const mine = inArray(deliveries.subscriptionId, chunk);
    // the retrying rows as deleted, not as read before: on PostgreSQL a worker may claim one meanwhile
    // (and take it off the counter itself); DELETE … RETURNING reports only the rows it removed
    const removed = await tx
      .delete(deliveries)
      .where(and(mine, eq(deliveries.status, "retrying")))
      .returning({ campaignId: deliveries.campaignId });
    const others = changedRows(await tx.delete(deliveries).where(mine));
    const deleted = await tx
      .delete(subscriptions)
      .where(inArray(subscriptions.id, chunk))
      .returning({ id: subscriptions.id });
    totals.subscriptions += deleted.length;
    totals.deliveries += removed.length + others;
    const perCampaign = new Map<number, number>();
    for (const row of removed) perCampaign.set(row.campaignId, (perCampaign.get(row.campaignId) ?? 0) + 1);
    const retrying = [...perCampaign].map(([campaignId, n]) => ({ campaignId, n }));
    if (retrying.length === 0) continue;
    if (tx.engine === "postgres") {
      const deltas = retrying.map((row) => ({ campaignId: row.campaignId, retrying: -row.n }));
      await addCounterDeltas(tx, deltas, now.getTime());
    } else {
      for (const row of retrying)
        await tx
          .update(campaigns)
          .set({ retryingCount: retryingCountLess(tx.tables, row.n) })
          .where(eq(campaigns.id, row.campaignId));
    }
  }
  return totals;
}

/**
 * Deletes a subscriber for good (a privacy request), see deleteSubscriptionRows. The audit entry keeps
 * only the shortened endpoint, never the keys.
 */
export async function deleteSubscriber(
  db: Db,
  id: number,
  actor: AuditActor,
  options: { ip?: string | null; now?: Date; apiKey?: { id: number; name: string } } = {},
): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const { subscriptions } = tx.tables;
    const [row] = await tx
      .select({ id: subscriptions.id, endpoint: subscriptions.endpoint, pushService: subscriptions.pushService })
      .from(subscriptions)
      .where(eq(subscriptions.id, id))
      .limit(1);
    if (!row) throw new SubscriberNotFoundError(id);
    await deleteSubscriptionRows(tx, [id], now);
    await recordAudit(tx, {
      actor,
      action: "subscriber.delete",
      targetType: "subscription",
      targetId: id,
      details: {
        endpoint: shortenEndpoint(row.endpoint),
        pushService: row.pushService,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      },
      ip: options.ip,
      now,
    });
  });
}
