import { pgTable, integer, text, timestamp } from "drizzle-orm/pg-core";

// Failed sign-in bookkeeping, one row per key ("email:<address>" or "ip:<address>").
// Kept in the database so that every server process sees the same counts.
export const authThrottle = pgTable("auth_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0), // failures since the last lockout ended (or since the count was forgotten)
  lockouts: integer().notNull().default(0), // lockouts in this streak: sets the next one's length
  lastFailureAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  blockedUntil: timestamp({ withTimezone: true, precision: 3 }),
});
