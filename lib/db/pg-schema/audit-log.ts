import { pgTable, integer, text, jsonb, index } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./users";

export const auditLog = pgTable(
  "audit_log",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    actorId: integer().references(() => users.id, { onDelete: "set null" }),
    actorEmail: text(), // kept when the user is later removed
    action: text().notNull(), // e.g. "auth.sign_in", "campaign.send", "settings.vapid_rotate"
    targetType: text(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>(),
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
