import { pgTable, integer, text, timestamp, index, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { USER_ROLES } from "../schema/enums";
import { users } from "./users";

export const invitations = pgTable(
  "invitations",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    email: text().notNull(),
    role: text({ enum: USER_ROLES }).notNull(),
    tokenHash: text().notNull(), // sha-256 of the single-use link token; the token itself is never stored
    invitedBy: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    // accepting an invitation finds it by its token
    uniqueIndex("invitations_token_hash_unique").on(t.tokenHash),
    // the team page lists pending invitations by email
    index("invitations_email_idx").on(t.email),
  ],
);
