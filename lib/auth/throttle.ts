import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { authThrottle } from "@/lib/db/schema";
import { holdWriteLock } from "@/lib/db/write-lock";

// Failed sign-ins are counted per key: the account, the client address, or a trusted device (see
// ./device-cookie.ts). The 5th failure in a run locks the key for 30 s; each further lockout in the same
// streak lasts twice as long, capped at 15 min. A lockout is fixed when it starts: attempts during it
// are refused without being counted, and when it ends the key gets a fresh run of four free failures,
// so nobody can keep an account locked with one request per lockout. A quiet hour forgets the streak.
export const THROTTLE_FREE_FAILURES = 4;
export const THROTTLE_BASE_MS = 30_000;
export const THROTTLE_MAX_MS = 15 * 60_000;
export const THROTTLE_FORGET_MS = 60 * 60_000;

export function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

export function ipKey(ip: string): string {
  return `ip:${ip}`;
}

export function deviceKey(deviceId: string): string {
  return `device:${deviceId}`;
}

/** How long the n-th lockout of a streak lasts (n ≥ 1). */
export function lockoutDurationMs(lockouts: number): number {
  if (lockouts <= 0) return 0;
  return Math.min(THROTTLE_BASE_MS * 2 ** Math.min(lockouts - 1, 20), THROTTLE_MAX_MS);
}

/** Milliseconds until every given key may try again; 0 when none is locked. */
export async function throttleWaitMs(db: Db, keys: string[], now: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const { authThrottle } = db.tables;
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
  let wait = 0;
  for (const row of rows) {
    if (row.blockedUntil) wait = Math.max(wait, row.blockedUntil.getTime() - now.getTime());
  }
  return Math.max(wait, 0);
}

type Row = typeof authThrottle.$inferSelect;

/** The key's state after one more failure at `now` (it is not locked at `now`). */
function afterFailure(row: Row | undefined, now: Date): Pick<Row, "failures" | "lockouts" | "blockedUntil"> {
  const forgotten = !row || now.getTime() - row.lastFailureAt.getTime() > THROTTLE_FORGET_MS;
  const lockouts = forgotten ? 0 : row.lockouts;
  // a lockout that has ended is paid for: its failures do not count towards the next one
  const failures = forgotten || row.blockedUntil ? 1 : row.failures + 1;
  if (failures <= THROTTLE_FREE_FAILURES) return { failures, lockouts, blockedUntil: null };
  return { failures, lockouts: lockouts + 1, blockedUntil: new Date(now.getTime() + lockoutDurationMs(lockouts + 1)) };
}

/**
 * Checks the lockout and counts the attempt as a failure in one transaction under the throttle lock,
 * before the password is even looked at: parallel guesses cannot all slip past the check while the
 * first ones are still hashing. A successful sign-in gives the attempt back with `releaseAttempt`.
 * Returns the wait in ms when a key is locked (nothing is counted then), else 0.
 */
export async function reserveAttempt(db: Db, keys: string[], now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "throttle");
    const wait = await throttleWaitMs(tx, keys, now);
    if (wait > 0) return wait;
    const { authThrottle } = tx.tables;
    for (const key of keys) {
      const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).limit(1);
      const next = { ...afterFailure(row, now), lastFailureAt: now };
      await tx
        .insert(authThrottle)
        .values({ key, ...next })
        .onConflictDoUpdate({ target: authThrottle.key, set: next });
    }
    return 0;
  });
}

/** Takes back one reserved attempt (the sign-in succeeded), lifting a lockout that attempt started. */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.transaction(async (tx) => {
    await holdWriteLock(tx, "throttle");
    const { authThrottle } = tx.tables;
    const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).limit(1);
    if (!row) return;
    const startedLockout = row.blockedUntil !== null && row.failures > THROTTLE_FREE_FAILURES;
    const set = startedLockout
      ? { failures: row.failures - 1, lockouts: Math.max(row.lockouts - 1, 0), blockedUntil: null }
      : { failures: Math.max(row.failures - 1, 0) };
    await tx.update(authThrottle).set(set).where(eq(authThrottle.key, key));
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  const { authThrottle } = db.tables;
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}

/** "Try again in 2 minutes." — rounded up, never "0". */
export function formatRetryAfter(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
