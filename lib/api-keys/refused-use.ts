// Refused uses of /api/v1 keys in the audit log, at most one entry per (address, reason) a minute: a
// client retrying a revoked key in a loop, or someone trying keys, leaves a trace without flooding the log.
// The throttle is the log itself (the last minute's "api_key.refused" rows of that address), so every web
// server on one database agrees. The presented secret is never stored; its prefix only when it had our shape.
import { and, eq, gt, sql } from "drizzle-orm";
import { perEngine, queryRows, type Db } from "@/lib/db/app-db";
import { recordAudit } from "@/lib/audit/record";
import type { ApiKeyRefusal } from "./authenticate";

export const REFUSAL_AUDIT_INTERVAL_MS = 60_000;
const ACTION = "api_key.refused";
// recordAudit keeps this much of an address; the lookup must compare the same text
const MAX_IP_CHARS = 64;
const PREFIX_SHAPE = /^pb_[A-Za-z0-9_-]{8}$/;

export type RefusedUseContext = {
  now: Date;
  address: string;
  /** the presented key's prefix, when it had the shape of one of ours */
  prefix?: string | null;
  keyId?: number | null;
  /** "scope": the scope the key lacked */
  scope?: string;
};

async function auditedRecently(db: Db, reason: string, ip: string, now: Date): Promise<boolean> {
  const { auditLog } = db.tables;
  // served by audit_log_action_idx (action, created_at); throttled, so at most one row per reason is found
  const rows = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, ACTION),
        gt(auditLog.createdAt, new Date(now.getTime() - REFUSAL_AUDIT_INTERVAL_MS)),
        eq(auditLog.ip, ip),
      ),
    );
  return rows.some((row) => row.details?.reason === reason);
}

/**
 * Check and insert, one at a time per (address, reason). SQLite's transaction holds the write lock
 * already; on PostgreSQL an advisory lock in the two-key space (apart from lib/db/write-lock.ts's
 * single-key locks) queues only the transactions of the same pair.
 */
async function lockPair(tx: Db, ip: string, reason: string): Promise<void> {
  await perEngine(tx, {
    sqlite: async () => {},
    postgres: async () =>
      void (await queryRows(tx, sql`SELECT pg_advisory_xact_lock(7303, hashtext(${`${ip} ${reason}`})) AS locked`)),
  })();
}

export async function auditRefusedApiKeyUse(
  db: Db,
  reason: ApiKeyRefusal | "scope",
  context: RefusedUseContext,
): Promise<void> {
  const { now } = context;
  const ip = context.address.slice(0, MAX_IP_CHARS);
  // the common case of a flood, a read and no lock
  if (await auditedRecently(db, reason, ip, now)) return;
  const details: Record<string, unknown> = { reason };
  // a prefix is only ever "pb_" and 8 characters: anything longer could be (part of) a secret
  if (context.prefix && PREFIX_SHAPE.test(context.prefix)) details.prefix = context.prefix;
  if (context.scope) details.scope = context.scope;
  await db.transaction(async (tx) => {
    await lockPair(tx, ip, reason);
    if (await auditedRecently(tx, reason, ip, now)) return;
    await recordAudit(tx, {
      actor: null,
      action: ACTION,
      targetType: context.keyId == null ? null : "api_key",
      targetId: context.keyId ?? null,
      details,
      ip,
      now,
    });
  });
}
