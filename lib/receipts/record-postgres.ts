// recordReceipt on PostgreSQL, statement for statement beside its SQLite twin (./record.ts), in one
// transaction. The delivery's row is locked as it is read (FOR NO KEY UPDATE): under READ COMMITTED a
// click and an action button of one delivery, recorded at once, would otherwise each count no other
// click and both bump clickedCount, where SQLite's write lock lets one receipt run at a time. (NO KEY:
// it does not block the foreign-key checks of the receipts that reference the delivery.) The counter
// changes by a delta row (lib/delivery/counter-deltas.ts): many visitors' receipts of one campaign at
// once never queue on its row.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import { addCounterDeltas } from "@/lib/delivery/counter-deltas";
import { COUNTER_DELTA, type RecordOutcome } from "./outcome";
import type { ReceiptInput } from "./schema";

type DeliveryRow = { id: number; campaign_id: number; subscription_id: number };

export function recordReceiptPostgres(db: Db, input: ReceiptInput, now: Date): Promise<RecordOutcome> {
  const at = now.getTime();
  return db.transaction(async (tx) => {
    const [delivery] = await queryRows<DeliveryRow>(
      tx,
      sql`SELECT id, campaign_id, subscription_id FROM deliveries WHERE receipt_token = ${input.token}
          FOR NO KEY UPDATE`,
    );
    if (!delivery) return "unknown_token";

    const inserted = await queryRows(
      tx,
      sql`INSERT INTO receipts (delivery_id, campaign_id, kind, action, created_at)
          VALUES (${delivery.id}, ${delivery.campaign_id}, ${input.kind}, ${input.kind === "action" ? (input.action ?? null) : null}, ${at})
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    if (inserted.length === 0) return "duplicate";

    const isClick = input.kind === "clicked" || input.kind === "action";
    let firstOfItsCounter = !isClick;
    if (isClick) {
      const [clicks] = await queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*) AS n FROM receipts WHERE delivery_id = ${delivery.id} AND kind IN ('clicked', 'action')`,
      );
      firstOfItsCounter = Number(clicks!.n) === 1;
    }
    if (firstOfItsCounter) {
      // a delta row, not an UPDATE of the campaign row every visitor's receipt would queue on
      await addCounterDeltas(tx, [{ campaignId: delivery.campaign_id, [COUNTER_DELTA[input.kind]]: 1 }], at);
    }

    // receipts keep integer milliseconds on both engines; a subscription's times are timestamptz here
    const seen = new Date(at);
    if (isClick)
      await queryRows(
        tx,
        sql`UPDATE subscriptions SET last_seen_at = ${seen}, last_clicked_at = ${seen} WHERE id = ${delivery.subscription_id}`,
      );
    else
      await queryRows(tx, sql`UPDATE subscriptions SET last_seen_at = ${seen} WHERE id = ${delivery.subscription_id}`);
    return "recorded";
  });
}
