import { pgTable, bigint, text, primaryKey, index } from "drizzle-orm/pg-core";

// The per-address rate limits' token buckets, one budget for every web server (lib/http/rate-limit-postgres.ts).
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    name: text().notNull(), // the limiter ("visitor-subscriptions")
    key: text().notNull(), // the client address
    // billionths of a token, so the column is an integer on both engines; negative: the last request was
    // refused and spent nothing, the balance is nanotokens + 1e9
    nanotokens: bigint({ mode: "number" }).notNull(),
    updatedAt: bigint({ mode: "number" }).notNull(), // ms; the balance is as of this time
    expiresAt: bigint({ mode: "number" }).notNull(), // ms; the bucket is full again by then, so the row says nothing any more
  },
  (t) => [
    primaryKey({ columns: [t.name, t.key] }),
    // the trim deletes the rows whose bucket is full again
    index("rate_limit_buckets_expires_idx").on(t.expiresAt),
  ],
);
