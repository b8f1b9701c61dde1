import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";
import { users } from "./users";

export const segments = sqliteTable("segments", {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  description: text().notNull().default(""),
  rules: text({ mode: "json" }).notNull(), // validated by lib/segments/schema.ts; compiled to SQL, never evaluated in JS
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});
