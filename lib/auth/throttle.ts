import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authThrottle } from "@/lib/db/schema";

// Failed sign-ins are counted per account and per client address. From the 5th failure on, the key is
// blocked for 30 s, then 1, 2, 4, 8 min… capped at 15 min. A quiet hour forgets the count.
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

/** How long a key is blocked after its n-th consecutive failure (0 while under the limit). */
export function blockDurationMs(failures: number): number {
  if (failures <= THROTTLE_FREE_FAILURES) return 0;
  const exponent = Math.min(failures - THROTTLE_FREE_FAILURES - 1, 20);
  return Math.min(THROTTLE_BASE_MS * 2 ** exponent, THROTTLE_MAX_MS);
}

/** Milliseconds until every given key may try again; 0 when none is blocked. */
export function throttleWaitMs(db: Db, keys: string[], now: Date): number {
  if (keys.length === 0) return 0;
  const rows = db.select().from(authThrottle).where(inArray(authThrottle.key, keys)).all();
  let wait = 0;
  for (const row of rows) {
    if (row.blockedUntil) wait = Math.max(wait, row.blockedUntil.getTime() - now.getTime());
  }
  return Math.max(wait, 0);
}

/**
 * Checks the block and counts the attempt as a failure in one IMMEDIATE transaction, before the
 * password is even looked at: parallel guesses cannot all slip past the check while the first ones
 * are still hashing. A successful sign-in gives the attempt back with `releaseAttempt`.
 * Returns the wait in ms when a key is already blocked (nothing is counted then), else 0.
 */
export function reserveAttempt(db: Db, keys: string[], now: Date): number {
  return db.transaction(
    (tx) => {
      const wait = throttleWaitMs(tx as unknown as Db, keys, now);
      if (wait > 0) return wait;
      for (const key of keys) {
        const row = tx.select().from(authThrottle).where(eq(authThrottle.key, key)).get();
        const stale = !row || now.getTime() - row.lastFailureAt.getTime() > THROTTLE_FORGET_MS;
        const failures = stale ? 1 : row.failures + 1;
        const block = blockDurationMs(failures);
        const blockedUntil = block > 0 ? new Date(now.getTime() + block) : null;
        tx.insert(authThrottle)
          .values({ key, failures, lastFailureAt: now, blockedUntil })
          .onConflictDoUpdate({ target: authThrottle.key, set: { failures, lastFailureAt: now, blockedUntil } })
          .run();
      }
      return 0;
    },
    { behavior: "immediate" },
  );
}

/** Takes back one reserved attempt (the sign-in succeeded), lifting a block that attempt caused. */
export function releaseAttempt(db: Db, key: string): void {
  db.transaction(
    (tx) => {
      const row = tx.select().from(authThrottle).where(eq(authThrottle.key, key)).get();
      if (!row) return;
      const failures = Math.max(row.failures - 1, 0);
      const blockedUntil = blockDurationMs(failures) > 0 ? row.blockedUntil : null;
      tx.update(authThrottle).set({ failures, blockedUntil }).where(eq(authThrottle.key, key)).run();
    },
    { behavior: "immediate" },
  );
}

export function clearFailures(db: Db, key: string): void {
  db.delete(authThrottle).where(eq(authThrottle.key, key)).run();
}

/** "Try again in 2 minutes." — rounded up, never "0". */
export function formatRetryAfter(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
