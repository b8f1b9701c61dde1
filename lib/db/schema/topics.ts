import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";

export const topics = sqliteTable(
  "topics",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    slug: text().notNull(), // stable key the site and the API use
    name: text().notNull(),
    description: text().notNull().default(""),
    position: integer().notNull().default(0),
    archivedAt: integer({ mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    // subscriptions name topics by slug
    uniqueIndex("topics_slug_unique").on(t.slug),
    // the public site lists live topics in order
    index("topics_position_idx").on(t.archivedAt, t.position),
  ],
);
