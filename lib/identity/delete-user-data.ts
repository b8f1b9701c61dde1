// "Forget this user" (a privacy request from the site): every device linked to the site's user id goes
// for good, with its topics, deliveries and receipts, in one transaction. The user id may itself be
// personal data, so the audit entry names it only by a hash prefix (enough to match a request you hold
// the id of, not to read it back).
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { recordAudit } from "@/lib/audit/record";
import { deleteSubscriptionRows } from "@/lib/subscribers/delete";
import { parseExternalId } from "./parse";

/** Who asked: an API key (the site's back-end) or a signed-in team member. */
export type UserDataActor = { apiKeyId?: number; userId?: number; email?: string };

/** The first 16 hex digits of the id's SHA-256: how the audit log names a user. */
export function externalIdDigest(externalId: string): string {
  return createHash("sha256").update(externalId, "utf8").digest("hex").slice(0, 16);
}

export async function deleteUserData(
  db: Db,
  externalId: string,
  actor: UserDataActor,
  now: Date,
  ip?: string | null,
): Promise<{ subscriptions: number; deliveries: number }> {
  const id = parseExternalId(externalId);
  return db.transaction(async (tx) => {
    const { subscriptions } = tx.tables;
    const rows = await tx.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.externalId, id));
    const counts = await deleteSubscriptionRows(
      tx,
      rows.map((row) => row.id),
      now,
    );
    // recorded even when nothing matched: the log shows the request was answered
    await recordAudit(tx, {
      actor: actor.userId !== undefined ? { id: actor.userId, email: actor.email ?? "" } : null,
      action: "user_data.delete",
      targetType: "user",
      targetId: externalIdDigest(id),
      details: { ...counts, ...(actor.apiKeyId !== undefined ? { apiKeyId: actor.apiKeyId } : {}) },
      ip,
      now,
    });
    return counts;
  });
}
