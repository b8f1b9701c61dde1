import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";

// Per push-service origin state shared by every sender process: Retry-After back-off and VAPID alarms.
export const pushOrigins = sqliteTable("push_origins", {
  origin: text().primaryKey(),
  retryAfterUntil: integer(), // ms; no request to this origin before then
  consecutiveAuthFailures: integer().notNull().default(0),
  authFlaggedAt: integer(), // ms; a run of 401/403 — a VAPID problem the admin must see
  lastStatusCode: integer(),
  updatedAt: integer().notNull(), // ms
});
