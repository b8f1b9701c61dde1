import { pgTable, integer, bigint, text } from "drizzle-orm/pg-core";

// Per push-service origin state shared by every sender process: Retry-After back-off and VAPID alarms.
export const pushOrigins = pgTable("push_origins", {
  origin: text().primaryKey(),
  retryAfterUntil: bigint({ mode: "number" }), // ms; no request to this origin before then
  consecutiveAuthFailures: integer().notNull().default(0),
  authFlaggedAt: bigint({ mode: "number" }), // ms; a run of 401/403 — a VAPID problem the admin must see
  lastStatusCode: integer(),
  updatedAt: bigint({ mode: "number" }).notNull(), // ms
});
