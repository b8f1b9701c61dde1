import { pgTable, integer, text, timestamp, index } from "drizzle-orm/pg-core";
import { users } from "./users";

// Sessions ended by "Sign out" before their token expired. A row is needed only while its token could
// still be accepted: until its sign-in time plus the session lifetime (then it is pruned).
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sid: text().primaryKey(), // the random session id in the token
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    // pruning deletes rows whose token can no longer be accepted anyway
    index("revoked_sessions_expires_at_idx").on(t.expiresAt),
  ],
);
