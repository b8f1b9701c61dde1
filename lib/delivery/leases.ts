// Rows still "sending" whose lease ran out belong to a worker that died or hung: they go back to the
// queue (or to "cancelled" if their campaign was cancelled meanwhile). Their attempt stays counted.
// SQLite: the prepared statements below; PostgreSQL: ./leases-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { recoverExpiredLeasesPostgres, renewLeasesPostgres } from "./leases-postgres";

/**
 * The rows a live worker still holds (in flight or answered, not yet recorded): its own recovery leaves
 * them alone even when their lease ran out — after the database was unreachable for longer than a lease,
 * recovering them would send each a second time. Other workers cannot tell it is alive and may.
 */
export type HeldRows = { workerId: string; ids: readonly number[] };

export function recoverExpiredLeases(db: Db, now: number, keep?: HeldRows): Promise<number> {
  return onEngine(
    db,
    (sqlite) => recoverExpiredLeasesSync(sqlite, now, keep),
    () => recoverExpiredLeasesPostgres(db, now, keep),
  );
}

export function recoverExpiredLeasesSync(db: SqliteDb, now: number, keep?: HeldRows): number {
  return immediate(
    db,
    () =>
      prepared(
        db,
        `UPDATE deliveries SET
         status = CASE WHEN (SELECT c.status FROM campaigns c WHERE c.id = deliveries.campaign_id) = 'cancelled'
                  THEN 'cancelled' ELSE 'queued' END,
         lease_until = NULL, leased_by = NULL, next_attempt_at = ?, updated_at = ?
       WHERE status = 'sending' AND lease_until < ?
         AND NOT (leased_by IS ? AND id IN (SELECT value FROM json_each(?)))`,
      ).run(now, now, now, keep?.workerId ?? null, JSON.stringify(keep?.ids ?? [])).changes,
  );
}

/**
 * A live worker extends the leases of the rows it holds — claimed and not yet recorded, named by id — so
 * a lease can be short (a dead worker's rows come back quickly) while a slow push service may take its
 * full time limit. By id, not "every row leased to me": a row whose lease ran out while the database
 * was unreachable is still this worker's to record (nobody could recover it meanwhile), so its lease is
 * extended too, before the same tick's recovery would hand it to another claim and send it twice; and a
 * row this worker does not know it holds (a claim whose answer was lost with the connection) is not kept
 * alive for ever but comes back when its lease ends.
 */
export function renewLeases(
  db: Db,
  workerId: string,
  ids: readonly number[],
  now: number,
  leaseMs: number,
): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return onEngine(
    db,
    (sqlite) => renewLeasesSync(sqlite, workerId, ids, now, leaseMs),
    () => renewLeasesPostgres(db, workerId, ids, now, leaseMs),
  );
}

export function renewLeasesSync(
  db: SqliteDb,
  workerId: string,
  ids: readonly number[],
  now: number,
  leaseMs: number,
): number {
  return prepared(
    db,
    `UPDATE deliveries SET lease_until = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending' AND leased_by = ?`,
  ).run(now + leaseMs, JSON.stringify(ids), workerId).changes;
}

/** The sync SQLite body through the connection's gate, or the PostgreSQL twin. */
async function onEngine<T>(db: Db, onSqlite: (sqlite: SqliteDb) => T, onPostgres: () => Promise<T>): Promise<T> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return onPostgres();
  return gateOf(sqlite.$client).whenFree(() => onSqlite(sqlite));
}
