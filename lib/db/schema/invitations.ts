import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { USER_ROLES } from "./enums";
import { users } from "./users";

export const invitations = sqliteTable(
  "invitations",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(),
    role: text({ enum: USER_ROLES }).notNull(),
    tokenHash: text().notNull(), // sha-256 of the single-use link token; the token itself is never stored
    invitedBy: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer({ mode: "timestamp_ms" }),
    revokedAt: integer({ mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    // accepting an invitation finds it by its token
    uniqueIndex("invitations_token_hash_unique").on(t.tokenHash),
    // the team page lists pending invitations by email
    index("invitations_email_idx").on(t.email),
  ],
);
