import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors/domain-error";
import { subscriptions } from "@/lib/db/schema";
import { recordAuditSync, type AuditActor } from "@/lib/audit/record";
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
export function deleteSubscriber(
  db: Db,
  id: number,
  actor: AuditActor,
  options: { ip?: string | null; now?: Date } = {},
): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const row = t
        .select({ id: subscriptions.id, endpoint: subscriptions.endpoint, pushService: subscriptions.pushService })
        .from(subscriptions)
        .where(eq(subscriptions.id, id))
        .get();
      if (!row) throw new SubscriberNotFoundError(id);
      t.delete(subscriptions).where(eq(subscriptions.id, id)).run();
      recordAuditSync(t, {
        actor,
        action: "subscriber.delete",
        targetType: "subscription",
        targetId: id,
        details: { endpoint: shortenEndpoint(row.endpoint), pushService: row.pushService },
        ip: options.ip,
        now: options.now,
      });
    },
    { behavior: "immediate" },
  );
}
