import { desc, lt, and, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
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

/** Appends one entry to the audit log. Details are stored as JSON; oversized details are cut to a marker. */
export function recordAudit(db: Db, input: AuditInput): AuditEntry {
  let details = input.details ?? null;
  if (details && JSON.stringify(details).length > MAX_DETAILS_CHARS) details = { truncated: true };
  return db
    .insert(auditLog)
    .values({
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId == null ? null : String(input.targetId),
      details,
      ip: input.ip ? input.ip.slice(0, 64) : null,
      createdAt: input.now ?? new Date(),
    })
    .returning()
    .get();
}

/** Newest first, keyset-paginated by id. */
export function listAudit(db: Db, options: { limit?: number; beforeId?: number; action?: string } = {}): AuditEntry[] {
  const filters: SQL[] = [];
  if (options.beforeId) filters.push(lt(auditLog.id, options.beforeId));
  if (options.action) filters.push(eq(auditLog.action, options.action));
  return db
    .select()
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 200))
    .all();
}
