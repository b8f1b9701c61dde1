import { sqliteTable, integer, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";
import { USER_ROLES } from "./enums";

export const users = sqliteTable(
  "users",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(), // stored lower-cased
    name: text(),
    passwordHash: text().notNull(),
    role: text({ enum: USER_ROLES }).notNull(),
    lastSignInAt: integer({ mode: "timestamp_ms" }),
    // Every session token carries the version current at its sign-in; bumping it ends them all
    // ("Sign out everywhere", a password change or reset).
    sessionVersion: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // sign-in looks a user up by email
    uniqueIndex("users_email_unique").on(t.email),
  ],
);
