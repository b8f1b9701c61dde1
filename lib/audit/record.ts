import { desc, lt, and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { auditLog } from "@/lib/db/schema";

export type AuditActor = { id: number; email: string } | null;

export type AuditInput = {
  actor: AuditActor;
  action: string; // dotted verb, e.g. "auth.sign_in", "campaign.send"
  targetType?: string | null;
  targetId?: string | number | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
  now?: Date;
};

export type AuditEntry = {
  id: number;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  createdAt: Date;
};

const MAX_DETAILS_CHARS = 4_000;

/** The row an entry is stored as. Details are JSON; oversized details are cut to a marker. */
function auditRow(input: AuditInput): typeof auditLog.$inferInsert {
  let details = input.details ?? null;
  if (details && JSON.stringify(details).length > MAX_DETAILS_CHARS) details = { truncated: true };
  return {
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId == null ? null : String(input.targetId),
    details,
    ip: input.ip ? input.ip.slice(0, 64) : null,
    createdAt: input.now ?? new Date(),
  };
}

/** Appends one entry to the audit log. */
export async function recordAudit(db: Db, input: AuditInput): Promise<AuditEntry> {
  const [entry] = await db.insert(db.tables.auditLog).values(auditRow(input)).returning();
  return entry!;
}

/** Newest first, keyset-paginated by id. */
export async function listAudit(
  db: Db,
  options: { limit?: number; beforeId?: number; action?: string } = {},
): Promise<AuditEntry[]> {
  const { auditLog } = db.tables;
  const filters: SQL[] = [];
  if (options.beforeId) filters.push(lt(auditLog.id, options.beforeId));
  if (options.action) filters.push(eq(auditLog.action, options.action));
  return db
    .select()
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 200));
}
