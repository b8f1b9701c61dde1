import { pgTable, integer, text, primaryKey } from "drizzle-orm/pg-core";
import { OPTIN_EVENTS } from "../schema/enums";

// The opt-in funnel, counted per UTC day: no per-visitor data is kept.
export const optinEvents = pgTable(
  "optin_events",
  {
    day: text().notNull(), // YYYY-MM-DD
    event: text({ enum: OPTIN_EVENTS }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.event] })],
);
