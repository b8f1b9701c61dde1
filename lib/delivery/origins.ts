// Per push-service origin state shared by all workers (push_origins): Retry-After windows and the
// run of 401/403 answers that flags a VAPID problem. An origin is "https://" + subscriptions.pushHost.
// The claim and the record read and write it inside their own transactions: the sync SQLite bodies
// here, their PostgreSQL twins in ./origins-postgres.ts. The admin's verbs below run on both engines.
import { desc, eq, isNotNull } from "drizzle-orm";
import { changedRows, type Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";

export const DEFAULT_AUTH_RUN_LIMIT = 20;
/** How long rows of an auth-flagged origin are set aside before the claim looks at them again. */
export const AUTH_FLAG_RECHECK_MS = 60_000;

export function originOfHost(pushHost: string): string {
  return `https://${pushHost}`;
}

export type OriginBlock = { retryAfterUntil: number | null; authFlaggedAt: number | null };

export type OriginBlockRow = { origin: string; retry_after_until: unknown; auth_flagged_at: unknown };

/** What the claim needs of each origin (PostgreSQL's bigint may arrive as a string: both go through Number). */
export function originBlocksOf(rows: readonly OriginBlockRow[]): Map<string, OriginBlock> {
  const ms = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return new Map(
    rows.map((r) => [r.origin, { retryAfterUntil: ms(r.retry_after_until), authFlaggedAt: ms(r.auth_flagged_at) }]),
  );
}

/** Origins throttled now or auth-flagged; every other origin is unblocked. */
export function readOriginBlocksSync(db: SqliteDb, now: number): Map<string, OriginBlock> {
  const rows = prepared(
    db,
    `SELECT origin, retry_after_until, auth_flagged_at FROM push_origins
     WHERE retry_after_until > ? OR auth_flagged_at IS NOT NULL`,
  ).all(now) as OriginBlockRow[];
  return originBlocksOf(rows);
}

/** What one recorded batch says about an origin, in the order the answers came. */
export type OriginBatchNote = {
  throttleUntil: number | null; // latest Retry-After window seen
  authRun: number; // 401/403 answers since the last other answer in this batch
  reset: boolean; // some other answer came: the run starts again from authRun
  lastStatusCode: number | null;
};

export function newOriginNote(): OriginBatchNote {
  return { throttleUntil: null, authRun: 0, reset: false, lastStatusCode: null };
}

/** The common case: nothing but healthy answers, which only end a run that exists (no row for healthy origins). */
export function isHealthyNote(note: OriginBatchNote): boolean {
  return note.throttleUntil === null && note.authRun === 0;
}

export function applyOriginNotesSync(
  db: SqliteDb,
  notes: Map<string, OriginBatchNote>,
  now: number,
  authRunLimit: number,
): void {
  for (const [origin, note] of notes) {
    if (isHealthyNote(note)) {
      prepared(
        db,
        `UPDATE push_origins SET consecutive_auth_failures = 0, last_status_code = coalesce(?, last_status_code), updated_at = ?
         WHERE origin = ? AND consecutive_auth_failures > 0`,
      ).run(note.lastStatusCode, now, origin);
      continue;
    }
    // after flagging, the run starts from zero so a later campaign needs a full run to flag again
    prepared(
      db,
      `INSERT INTO push_origins (origin, retry_after_until, consecutive_auth_failures, auth_flagged_at, last_status_code, updated_at)
       VALUES (@origin, @until, CASE WHEN @run >= @limit THEN 0 ELSE @run END, CASE WHEN @run >= @limit THEN @now END, @code, @now)
       ON CONFLICT(origin) DO UPDATE SET
         retry_after_until = CASE WHEN @until IS NULL THEN retry_after_until ELSE max(coalesce(retry_after_until, 0), @until) END,
         auth_flagged_at = CASE WHEN (CASE WHEN @reset THEN 0 ELSE consecutive_auth_failures END) + @run >= @limit
                           THEN @now ELSE auth_flagged_at END,
         consecutive_auth_failures = CASE WHEN (CASE WHEN @reset THEN 0 ELSE consecutive_auth_failures END) + @run >= @limit
                           THEN 0 ELSE (CASE WHEN @reset THEN 0 ELSE consecutive_auth_failures END) + @run END,
         last_status_code = coalesce(@code, last_status_code),
         updated_at = @now`,
    ).run({
      origin,
      until: note.throttleUntil,
      run: note.authRun,
      reset: note.reset ? 1 : 0,
      limit: authRunLimit,
      code: note.lastStatusCode,
      now,
    });
  }
}

export type FlaggedOrigin = { origin: string; authFlaggedAt: number; lastStatusCode: number | null };

/** Origins whose 401/403 run flagged a VAPID problem, for the admin's attention. */
export async function listAuthFlaggedOrigins(db: Db): Promise<FlaggedOrigin[]> {
  const { pushOrigins } = db.tables;
  const rows = await db
    .select({
      origin: pushOrigins.origin,
      authFlaggedAt: pushOrigins.authFlaggedAt,
      lastStatusCode: pushOrigins.lastStatusCode,
    })
    .from(pushOrigins)
    .where(isNotNull(pushOrigins.authFlaggedAt))
    .orderBy(desc(pushOrigins.authFlaggedAt));
  return rows.map((r) => ({ origin: r.origin, authFlaggedAt: r.authFlaggedAt!, lastStatusCode: r.lastStatusCode }));
}

/** The admin fixed the VAPID problem: sending to the origin resumes for every campaign. */
export async function clearOriginAuthFlag(db: Db, origin: string, now: number): Promise<boolean> {
  const { pushOrigins } = db.tables;
  const result = await db
    .update(pushOrigins)
    .set({ authFlaggedAt: null, consecutiveAuthFailures: 0, updatedAt: now })
    .where(eq(pushOrigins.origin, origin));
  return changedRows(result) > 0;
}
