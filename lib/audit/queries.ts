// The audit page: newest first, filtered by action, actor and date, keyset-paginated by id.
import { and, asc, desc, eq, gte, isNotNull, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/app-db";
import type { AuditEntry } from "./record";

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = z.preprocess(
  blank,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
);

export const auditFilterSchema = z.object({
  action: z.preprocess(
    blank,
    z
      .string()
      .max(64)
      .regex(/^[a-z0-9_.]+$/)
      .optional(),
  ),
  actor: z.preprocess(blank, z.string().max(254).optional()), // the actor's email as recorded
  from: day,
  to: day,
  before: z.preprocess(blank, z.coerce.number().int().positive().optional()),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") flat[key] = first;
  }
  const parsed = auditFilterSchema.safeParse(flat);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return auditFilterSchema.parse(Object.fromEntries(Object.entries(flat).filter(([key]) => !bad.has(key))));
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditPage(
  db: Db,
  filter: AuditFilter,
  limit = AUDIT_PAGE_SIZE,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const { auditLog } = db.tables;
  const parts: SQL[] = [];
  if (filter.action) parts.push(eq(auditLog.action, filter.action));
  if (filter.actor) parts.push(eq(auditLog.actorEmail, filter.actor.toLowerCase()));
  if (filter.from) parts.push(gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00.000Z`)));
  if (filter.to) parts.push(lt(auditLog.createdAt, new Date(Date.parse(`${filter.to}T00:00:00.000Z`) + 86_400_000)));
  if (filter.before) parts.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null };
}

/** The actions and actors that occur, for the filter pickers. */
export async function auditFilterOptions(db: Db): Promise<{ actions: string[]; actors: string[] }> {
  const { auditLog } = db.tables;
  const actions = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
  const actors = await db
    .selectDistinct({ email: auditLog.actorEmail })
    .from(auditLog)
    .where(isNotNull(auditLog.actorEmail))
    .orderBy(asc(auditLog.actorEmail))
    .limit(500);
  return { actions: actions.map((row) => row.action), actors: actors.map((row) => row.email!) };
}
