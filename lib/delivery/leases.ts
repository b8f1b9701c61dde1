// Rows still "sending" whose lease ran out belong to a worker that died or hung: they go back to the
// queue (or to "cancelled" if their campaign was cancelled meanwhile). Their attempt stays counted.
// SQLite: the prepared statements below; PostgreSQL: ./leases-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { isLegacySyncDb } from "./legacy-sync";
import { recoverExpiredLeasesPostgres, renewLeasesPostgres } from "./leases-postgres";

export function recoverExpiredLeases(db: Db, now: number): Promise<number>;
/** @deprecated the sync runner's form (./legacy-sync.ts); everything else awaits the one above. */
export function recoverExpiredLeases(db: SqliteDb, now: number): number;
export function recoverExpiredLeases(db: Db | SqliteDb, now: number): number | Promise<number> {
  if (isLegacySyncDb(db)) return recoverExpiredLeasesSync(db, now);
  return onEngine(
    db,
    (sqlite) => recoverExpiredLeasesSync(sqlite, now),
    () => recoverExpiredLeasesPostgres(db, now),
  );
}

export function recoverExpiredLeasesSync(db: SqliteDb, now: number): number {
  return immediate(
    db,
    () =>
      prepared(
        db,
        `UPDATE deliveries SET
         status = CASE WHEN (SELECT c.status FROM campaigns c WHERE c.id = deliveries.campaign_id) = 'cancelled'
                  THEN 'cancelled' ELSE 'queued' END,
         lease_until = NULL, leased_by = NULL, next_attempt_at = ?, updated_at = ?
       WHERE status = 'sending' AND lease_until < ?`,
      ).run(now, now, now).changes,
  );
}

/**
 * A live worker extends the leases of the rows it is still sending, so a lease can be short (a dead
 * worker's rows come back quickly) while a slow push service may take its full time limit.
 */
export function renewLeases(db: Db, workerId: string, now: number, leaseMs: number): Promise<number>;
/** @deprecated the sync runner's form (./legacy-sync.ts); everything else awaits the one above. */
export function renewLeases(db: SqliteDb, workerId: string, now: number, leaseMs: number): number;
export function renewLeases(db: Db | SqliteDb, workerId: string, now: number, leaseMs: number) {
  if (isLegacySyncDb(db)) return renewLeasesSync(db, workerId, now, leaseMs);
  return onEngine(
    db,
    (sqlite) => renewLeasesSync(sqlite, workerId, now, leaseMs),
    () => renewLeasesPostgres(db, workerId, now, leaseMs),
  );
}

export function renewLeasesSync(db: SqliteDb, workerId: string, now: number, leaseMs: number): number {
  return prepared(
    db,
    `UPDATE deliveries SET lease_until = ? WHERE status = 'sending' AND lease_until >= ? AND leased_by = ?`,
  ).run(now + leaseMs, now, workerId).changes;
}

/** The sync SQLite body through the connection's gate, or the PostgreSQL twin. */
async function onEngine<T>(db: Db, onSqlite: (sqlite: SqliteDb) => T, onPostgres: () => Promise<T>): Promise<T> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return onPostgres();
  return gateOf(sqlite.$client).whenFree(() => onSqlite(sqlite));
}
