import { pgTable, integer, bigint, text, index, uniqueIndex } from "drizzle-orm/pg-core";
import { RECEIPT_KINDS } from "../schema/enums";
import { deliveries } from "./deliveries";
import { campaigns } from "./campaigns";

// What the service worker reported for a delivery: each (delivery, kind) stored once.
export const receipts = pgTable(
  "receipts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    deliveryId: bigint({ mode: "number" })
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    kind: text({ enum: RECEIPT_KINDS }).notNull(),
    action: text(), // the action button's id, for kind "action"
    createdAt: bigint({ mode: "number" }).notNull(), // ms
  },
  (t) => [
    // idempotence: one receipt per delivery and kind however often it is sent
    uniqueIndex("receipts_delivery_kind_unique").on(t.deliveryId, t.kind),
    // the campaign's shown/clicked-over-time chart
    index("receipts_campaign_time_idx").on(t.campaignId, t.kind, t.createdAt),
  ],
);
