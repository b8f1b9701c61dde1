import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { shortenEndpoint } from "./endpoint-display";

export class SubscriberNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super("not_found", "This subscriber no longer exists.");
  }
}

/**
 * Deletes a subscriber for good (a privacy request): the row, its topics, deliveries and receipts go
 * (foreign keys cascade). The audit entry keeps only the shortened endpoint, never the keys.
 */
export async function deleteSubscriber(
  db: Db,
  id: number,
  actor: AuditActor,
  options: { ip?: string | null; now?: Date } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    const { subscriptions } = tx.tables;
    const [row] = await tx
      .select({ id: subscriptions.id, endpoint: subscriptions.endpoint, pushService: subscriptions.pushService })
      .from(subscriptions)
      .where(eq(subscriptions.id, id))
      .limit(1);
    if (!row) throw new SubscriberNotFoundError(id);
    await tx.delete(subscriptions).where(eq(subscriptions.id, id));
    await recordAudit(tx, {
      actor,
      action: "subscriber.delete",
      targetType: "subscription",
      targetId: id,
      details: { endpoint: shortenEndpoint(row.endpoint), pushService: row.pushService },
      ip: options.ip,
      now: options.now,
    });
  });
}
