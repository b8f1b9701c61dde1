import { pgTable, integer, text, timestamp, index, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./users";

// Single-use password-reset links an owner makes for a teammate (the same token scheme as invitations).
export const passwordResets = pgTable(
  "password_resets",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(), // sha-256 of the link token; the token itself is never stored
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    // opening a reset link finds it by its token
    uniqueIndex("password_resets_token_hash_unique").on(t.tokenHash),
    // a new link for someone revokes their earlier pending ones
    index("password_resets_user_id_idx").on(t.userId),
  ],
);
