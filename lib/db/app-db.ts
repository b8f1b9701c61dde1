// The database as domain code sees it: one async Drizzle API over SQLite (./sqlite-async.ts) or
// PostgreSQL (./pg-client.ts). A verb in lib/<domain>/ is written once against this type: it awaits
// every query, takes its tables from `db.tables` (SQLite's or PostgreSQL's, whichever `db` runs on), and
// never calls `.all()`, `.get()`, `.run()` or `.values()` — the SQLite builder's own executors, which
// PostgreSQL's builder does not have (eslint.config.mjs refuses them in converted files).
//
// The type is Drizzle's async SQLite database minus what only one dialect has (raw run/all/get, batch),
// with a transaction whose `tx` is a `Db` too, so a helper takes `db` and works inside one or not.
import type { SQL } from "drizzle-orm";
import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import type * as sqliteSchema from "./schema";

export type Tables = typeof sqliteSchema;
export type Engine = "sqlite" | "postgres";

type Common = Omit<SqliteRemoteDatabase<Tables>, "transaction" | "batch" | "run" | "all" | "get" | "values">;

export type Db = Common & {
  readonly engine: Engine;
  /** This database's tables: PostgreSQL's on PostgreSQL, typed as SQLite's (the two match, see schema-drift). */
  readonly tables: Tables;
  /**
   * All or nothing. On SQLite the transaction holds the process's connection (./sqlite-gate.ts) and takes
   * the write lock up front (BEGIN IMMEDIATE); nested, a savepoint. Inside, use `tx`, never the outer `db`.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
};

/** What a driver-specific raw query runner needs: rows as objects, in the engine's own value types. */
export const RAW_ROWS = Symbol.for("pushboard.rawRows");
type RawRunner = { [RAW_ROWS]: (query: SQL) => Promise<Record<string, unknown>[]> };

/**
 * Rows of a hand-written query, as objects keyed by the column aliases. Values come as each driver
 * gives them (SQLite: integers for times and booleans; PostgreSQL: Date and boolean): callers convert.
 */
export function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return (db as unknown as RawRunner)[RAW_ROWS](query) as Promise<T[]>;
}

/** Rows an UPDATE or DELETE without RETURNING changed: SQLite says `changes`, PostgreSQL `rowCount`. */
export function changedRows(result: unknown): number {
  const { changes, rowCount } = result as { changes?: number; rowCount?: number | null };
  return changes ?? rowCount ?? 0;
}

/** SQL that Drizzle cannot express the same way on both: each use names both versions side by side. */
export function perEngine<T>(db: Db, versions: Record<Engine, T>): T {
  return versions[db.engine];
}
