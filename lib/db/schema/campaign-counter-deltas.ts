import { sqliteTable, integer, index } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns";

// On PostgreSQL every queue transaction and every receipt adds its change to a campaign's counters here
// instead of updating the one campaign row every worker shares (a hot lock); the fold
// (lib/campaigns/counter-deltas.ts) moves the sums into campaigns once a second. SQLite has one writer
// and updates its counters directly: the table is here so both schemas stay one
// (test/integration/db/schema-drift.test.ts), and stays empty.
export const campaignCounterDeltas = sqliteTable(
  "campaign_counter_deltas",
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
    createdAt: integer().notNull(), // ms
  },
  (t) => [
    // readers add a campaign's pending deltas to its row; a campaign's delete cascades to them
    index("campaign_counter_deltas_campaign_idx").on(t.campaignId),
  ],
);
