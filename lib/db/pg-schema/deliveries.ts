import { pgTable, integer, bigint, text, index, uniqueIndex } from "drizzle-orm/pg-core";
import { DELIVERY_STATUSES } from "../schema/enums";
import { campaigns } from "./campaigns";
import { subscriptions } from "./subscriptions";

// One row per campaign × subscription. Written in chunks when a campaign starts (the audience snapshot).
export const deliveries = pgTable(
  "deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    subscriptionId: integer()
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    status: text({ enum: DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: bigint({ mode: "number" }).notNull().default(0), // ms; when a queued or retrying row may be claimed
    leaseUntil: bigint({ mode: "number" }), // ms; a claimed row whose lease ran out goes back to the queue
    leasedBy: text(),
    statusCode: integer(),
    error: text(),
    receiptToken: text().notNull(), // unguessable; the service worker reports receipts with it
    createdAt: bigint({ mode: "number" }).notNull(), // ms
    updatedAt: bigint({ mode: "number" }).notNull(), // ms
    acceptedAt: bigint({ mode: "number" }), // ms
  },
  (t) => [
    // the snapshot never targets a subscription twice
    uniqueIndex("deliveries_campaign_subscription_unique").on(t.campaignId, t.subscriptionId),
    // workers claim due rows of a campaign: status + next attempt
    index("deliveries_claim_idx").on(t.campaignId, t.status, t.nextAttemptAt),
    // lease recovery finds rows still "sending" whose lease ran out
    index("deliveries_lease_idx").on(t.status, t.leaseUntil),
    // receipts arrive with the token
    uniqueIndex("deliveries_receipt_token_unique").on(t.receiptToken),
    // a subscriber's detail lists the campaigns delivered to it
    index("deliveries_subscription_idx").on(t.subscriptionId, t.createdAt),
    // the campaign's accepted-over-time chart
    index("deliveries_campaign_accepted_idx").on(t.campaignId, t.acceptedAt),
  ],
);
