// Every shown notification reports here, so this is the busiest write of the visitor API. On SQLite:
// plain statements prepared once per connection (lib/db/prepared.ts), not drizzle's builder, whose
// per-call query building and prepare cost more than the writes themselves, run in group commit
// (lib/db/group-commit.ts). On PostgreSQL: the same statements in ./record-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { inGroupCommit, syncSqliteOf } from "@/lib/db/sqlite-async";
import { COUNTER_COLUMN, type RecordOutcome } from "./outcome";
import { recordReceiptPostgres } from "./record-postgres";
import type { ReceiptInput } from "./schema";

export type { RecordOutcome } from "./outcome";

type DeliveryRow = { id: number; campaign_id: number; subscription_id: number };

/**
 * Stores a receipt once per (delivery, kind) and bumps the campaign's counter only on that first
 * insert, so a worker retrying from its offline queue never inflates the numbers. "clicked" and
 * "action" both mean the visitor clicked, so clickedCount counts the first of either.
 * The caller answers the same way for every outcome: a token's existence is never revealed.
 */
export function recordReceipt(db: Db, input: ReceiptInput, now: Date): Promise<RecordOutcome> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return recordReceiptPostgres(db, input, now);
  return inGroupCommit(db, () => recordReceiptSync(sqlite, input, now));
}

/**
 * recordReceipt on the sync SQLite database, as group commit runs it. Also for the retention test's
 * fixtures (test/unit/retention/trim.test.ts), which build their history on the sync API.
 */
export function recordReceiptSync(db: SqliteDb, input: ReceiptInput, now: Date): RecordOutcome {
  const at = now.getTime();
  return immediate(db, () => {
    const delivery = prepared(
      db,
      `SELECT id, campaign_id, subscription_id FROM deliveries WHERE receipt_token = ?`,
    ).get(input.token) as DeliveryRow | undefined;
    if (!delivery) return "unknown_token";

    const inserted = prepared(
      db,
      `INSERT INTO receipts (delivery_id, campaign_id, kind, action, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ).run(delivery.id, delivery.campaign_id, input.kind, input.kind === "action" ? (input.action ?? null) : null, at);
    if (inserted.changes === 0) return "duplicate";

    const isClick = input.kind === "clicked" || input.kind === "action";
    const firstOfItsCounter =
      !isClick ||
      prepared(db, `SELECT count(*) FROM receipts WHERE delivery_id = ? AND kind IN ('clicked', 'action')`)
        .pluck()
        .get(delivery.id) === 1;
    if (firstOfItsCounter) {
      const column = COUNTER_COLUMN[input.kind];
      prepared(db, `UPDATE campaigns SET ${column} = ${column} + 1 WHERE id = ?`).run(delivery.campaign_id);
    }

    if (isClick)
      prepared(db, `UPDATE subscriptions SET last_seen_at = ?, last_clicked_at = ? WHERE id = ?`).run(
        at,
        at,
        delivery.subscription_id,
      );
    else prepared(db, `UPDATE subscriptions SET last_seen_at = ? WHERE id = ?`).run(at, delivery.subscription_id);
    return "recorded";
  });
}
