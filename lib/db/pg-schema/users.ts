import { pgTable, integer, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { USER_ROLES } from "../schema/enums";

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    email: text().notNull(), // stored lower-cased
    name: text(),
    passwordHash: text().notNull(),
    role: text({ enum: USER_ROLES }).notNull(),
    lastSignInAt: timestamp({ withTimezone: true, precision: 3 }),
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
