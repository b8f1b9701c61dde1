import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";

// Key/value settings (VAPID keys, auth secret, notification defaults, extra push hosts). Values are JSON.
export const settings = sqliteTable("settings", {
  key: text().primaryKey(),
  value: text({ mode: "json" }).notNull(),
  updatedAt: integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
});
