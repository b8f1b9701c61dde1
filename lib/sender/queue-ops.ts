// TEMPORARY (branch runner-async only): async stand-ins with the signatures the queue helpers deliver.
import type { Db } from "@/lib/db/app-db";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import * as claim from "@/lib/delivery/claim";
import * as record from "@/lib/delivery/record";
import * as leases from "@/lib/delivery/leases";
import * as sweep from "@/lib/delivery/sweep";

function onSqlite<T>(db: Db, fn: (s: NonNullable<ReturnType<typeof syncSqliteOf>>) => T): Promise<T> {
  const s = syncSqliteOf(db)!;
  return Promise.resolve(gateOf(s.$client).whenFree(() => fn(s)));
}
export const claimDeliveries = (db: Db, o: claim.ClaimOptions) => onSqlite(db, (s) => claim.claimDeliveries(s, o));
export const recordOutcomes = (db: Db, r: readonly record.DeliveryResult[], o: record.RecordOptions) =>
  onSqlite(db, (s) => record.recordOutcomes(s, r, o));
export const recoverExpiredLeases = (db: Db, now: number) => onSqlite(db, (s) => leases.recoverExpiredLeases(s, now));
export const renewLeases = (db: Db, w: string, now: number, ms: number) =>
  onSqlite(db, (s) => leases.renewLeases(s, w, now, ms));
export const failElapsedDeliveries = (db: Db, id: number, now: number) =>
  onSqlite(db, (s) => sweep.failElapsedDeliveries(s, id, now));
