import { pgTable, integer, bigint, index } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns";

// Counter changes not yet folded into their campaign row (lib/campaigns/counter-deltas.ts): every queue
// transaction and receipt inserts one row here instead of updating the campaign row all workers share.
export const campaignCounterDeltas = pgTable(
  "campaign_counter_deltas",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: integer()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    accepted: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    expired: integer().notNull().default(0),
    retrying: integer().notNull().default(0), // negative when rows left "retrying"; the fold clamps at 0
    shown: integer().notNull().default(0),
    clicked: integer().notNull().default(0),
    closed: integer().notNull().default(0),
    createdAt: bigint({ mode: "number" }).notNull(), // ms
  },
  (t) => [
    // readers add a campaign's pending deltas to its row; a campaign's delete cascades to them
    index("campaign_counter_deltas_campaign_idx").on(t.campaignId),
  ],
);
