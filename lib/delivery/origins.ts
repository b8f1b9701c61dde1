// Per push-service origin state shared by all workers (push_origins): Retry-After windows and the
// run of 401/403 answers that flags a VAPID problem. An origin is "https://" + subscriptions.pushHost.
import type { Db } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";

export const DEFAULT_AUTH_RUN_LIMIT = 20;
/** How long rows of an auth-flagged origin are set aside before the claim looks at them again. */
export const AUTH_FLAG_RECHECK_MS = 60_000;

export function originOfHost(pushHost: string): string {
  return `https://${pushHost}`;
}

export type OriginBlock = { retryAfterUntil: number | null; authFlaggedAt: number | null };

export function readOriginBlocks(db: Db, now: number): Map<string, OriginBlock> {
  const rows = prepared(
    db,
    `SELECT origin, retry_after_until, auth_flagged_at FROM push_origins
     WHERE retry_after_until > ? OR auth_flagged_at IS NOT NULL`,
  ).all(now) as { origin: string; retry_after_until: number | null; auth_flagged_at: number | null }[];
  return new Map(
    rows.map((r) => [r.origin, { retryAfterUntil: r.retry_after_until, authFlaggedAt: r.auth_flagged_at }]),
  );
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

export function applyOriginNotes(db: Db, notes: Map<string, OriginBatchNote>, now: number, authRunLimit: number): void {
  for (const [origin, note] of notes) {
    if (note.throttleUntil === null && note.authRun === 0) {
      // the common case: a healthy answer only ends a run that exists; no row for healthy origins
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
export function listAuthFlaggedOrigins(db: Db): FlaggedOrigin[] {
  const rows = prepared(
    db,
    `SELECT origin, auth_flagged_at, last_status_code FROM push_origins WHERE auth_flagged_at IS NOT NULL ORDER BY auth_flagged_at DESC`,
  ).all() as { origin: string; auth_flagged_at: number; last_status_code: number | null }[];
  return rows.map((r) => ({ origin: r.origin, authFlaggedAt: r.auth_flagged_at, lastStatusCode: r.last_status_code }));
}

/** The admin fixed the VAPID problem: sending to the origin resumes for every campaign. */
export function clearOriginAuthFlag(db: Db, origin: string, now: number): boolean {
  return (
    prepared(
      db,
      `UPDATE push_origins SET auth_flagged_at = NULL, consecutive_auth_failures = 0, updated_at = ? WHERE origin = ?`,
    ).run(now, origin).changes > 0
  );
}
