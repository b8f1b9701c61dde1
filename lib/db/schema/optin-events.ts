import { sqliteTable, integer, text, primaryKey } from "drizzle-orm/sqlite-core";
import { OPTIN_EVENTS } from "./enums";

// The opt-in funnel, counted per UTC day: no per-visitor data is kept.
export const optinEvents = sqliteTable(
  "optin_events",
  {
    day: text().notNull(), // YYYY-MM-DD
    event: text({ enum: OPTIN_EVENTS }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.event] })],
);
