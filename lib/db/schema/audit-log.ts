import { sqliteTable, integer, text, index } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { users } from "./users";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    actorId: integer().references(() => users.id, { onDelete: "set null" }),
    actorEmail: text(), // kept when the user is later removed
    action: text().notNull(), // e.g. "auth.sign_in", "campaign.send", "settings.vapid_rotate"
    targetType: text(),
    targetId: text(),
    details: text({ mode: "json" }).$type<Record<string, unknown>>(),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [
    // the audit page lists newest first, optionally by action or by actor
    index("audit_log_created_at_idx").on(t.createdAt),
    index("audit_log_action_idx").on(t.action, t.createdAt),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
  ],
);
