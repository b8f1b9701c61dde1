import { pgTable, integer, text, jsonb } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./users";

export const segments = pgTable("segments", {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  name: text().notNull(),
  description: text().notNull().default(""),
  rules: jsonb().notNull(), // validated by lib/segments/schema.ts; compiled to SQL, never evaluated in JS
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});
