import { pgTable, integer, text, timestamp, index, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

export const topics = pgTable(
  "topics",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    slug: text().notNull(), // stable key the site and the API use
    name: text().notNull(),
    description: text().notNull().default(""),
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [
    // subscriptions name topics by slug
    uniqueIndex("topics_slug_unique").on(t.slug),
    // the public site lists live topics in order
    index("topics_position_idx").on(t.archivedAt, t.position),
  ],
);
