import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { users } from "./users";

// Single-use password-reset links an owner makes for a teammate (the same token scheme as invitations).
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(), // sha-256 of the link token; the token itself is never stored
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    usedAt: integer({ mode: "timestamp_ms" }),
    revokedAt: integer({ mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    // opening a reset link finds it by its token
    uniqueIndex("password_resets_token_hash_unique").on(t.tokenHash),
    // a new link for someone revokes their earlier pending ones
    index("password_resets_user_id_idx").on(t.userId),
  ],
);
