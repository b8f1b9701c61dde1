import { pgTable, text, jsonb, timestamp } from "drizzle-orm/pg-core";

// Key/value settings (VAPID keys, auth secret, notification defaults, extra push hosts). Values are JSON.
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 })
    .notNull()
    .$defaultFn(() => new Date()),
});
