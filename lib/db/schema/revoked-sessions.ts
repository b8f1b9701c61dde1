import { sqliteTable, integer, text, index } from "drizzle-orm/sqlite-core";
import { users } from "./users";

// Sessions ended by "Sign out" before their token expired. A row is needed only while its token could
// still be accepted: until its sign-in time plus the session lifetime (then it is pruned).
export const revokedSessions = sqliteTable(
  "revoked_sessions",
  {
    sid: text().primaryKey(), // the random session id in the token
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // pruning deletes rows whose token can no longer be accepted anyway
    index("revoked_sessions_expires_at_idx").on(t.expiresAt),
  ],
);
