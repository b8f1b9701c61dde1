import { sqliteTable, integer, text, primaryKey, index } from "drizzle-orm/sqlite-core";

// The per-address rate limits' token buckets when several web servers share one budget (PostgreSQL:
// lib/http/rate-limit-postgres.ts). SQLite has one web process, whose buckets stay in memory: the table is
// here so both schemas stay one (test/integration/db/schema-drift.test.ts).
export const rateLimitBuckets = sqliteTable(
  "rate_limit_buckets",
  {
    name: text().notNull(), // the limiter ("visitor-subscriptions")
    key: text().notNull(), // the client address
    // billionths of a token, so the column is an integer on both engines; negative: the last request was
    // refused and spent nothing, the balance is nanotokens + 1e9
    nanotokens: integer().notNull(),
    updatedAt: integer().notNull(), // ms; the balance is as of this time
    expiresAt: integer().notNull(), // ms; the bucket is full again by then, so the row says nothing any more
  },
  (t) => [
    primaryKey({ columns: [t.name, t.key] }),
    // the trim deletes the rows whose bucket is full again
    index("rate_limit_buckets_expires_idx").on(t.expiresAt),
  ],
);
