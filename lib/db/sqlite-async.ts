// The SQLite side of ./app-db.ts: Drizzle's async SQLite API (drizzle-orm/sqlite-proxy) running on the
// process's one better-sqlite3 connection — the same connection, prepared-statement hot paths and group
// commit the sync code uses. Every statement passes the connection's gate (./sqlite-gate.ts): free, it
// runs at once; while a transaction holds the connection, it waits for COMMIT instead of landing inside.
import type Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { drizzle, type AsyncRemoteCallback } from "drizzle-orm/sqlite-proxy";
import type { Db } from "./app-db";
import { RAW_ROWS } from "./app-db";
import type { SqliteDb } from "./client";
import { groupCommit } from "./group-commit";
import { beginImmediateAsync } from "./prepared";
import * as schema from "./schema";
import { gateOf } from "./sqlite-gate";

type Method = Parameters<AsyncRemoteCallback>[2];
type Execute = (sqlText: string, params: unknown[], method: Method) => { rows: unknown[]; changes?: number };

/** Statements kept prepared per connection: Drizzle builds the same text for the same query shape. */
const STATEMENT_CACHE = 1_000;

function executor(connection: Database.Database): Execute {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sqlText: string) => {
    let statement = statements.get(sqlText);
    if (!statement) {
      statement = connection.prepare(sqlText);
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
      statements.set(sqlText, statement);
    }
    return statement;
  };
  return (sqlText, params, method) => {
    const statement = prepare(sqlText);
    if (method === "run") {
      const { changes } = statement.run(params);
      return { rows: [], changes };
    }
    // Drizzle maps rows by position: ask for arrays ("raw"), as its better-sqlite3 driver does
    statement.raw(true);
    if (method === "get") return { rows: statement.get(params) as unknown[] };
    return { rows: statement.all(params) };
  };
}

const dialect = new SQLiteAsyncDialect({ casing: "snake_case" });

function build(execute: Execute, through: <T>(work: () => T) => T | Promise<T>): Db {
  const callback: AsyncRemoteCallback = async (sqlText, params, method) =>
    through(() => execute(sqlText, params, method)) as Promise<{ rows: unknown[] }>;
  // the three-argument form: drizzle 0.45's two-argument one drops `casing` when it builds the dialect
  const batch = async (queries: { sql: string; params: unknown[]; method: Method }[]) =>
    through(() => queries.map((q) => execute(q.sql, q.params, q.method))) as Promise<{ rows: unknown[] }[]>;
  const db = drizzle(callback, batch, { schema, casing: "snake_case" });
  return Object.assign(db, { engine: "sqlite" as const, tables: schema }) as unknown as Db;
}

const OPENED = Symbol.for("pushboard.sqliteAsync");
/** On each async `Db` sqliteAppDb builds: the sync database under it, and whether it is a transaction's `tx`. */
const SYNC_UNDER = Symbol.for("pushboard.sqliteSyncUnder");
type SyncUnder = { sync: SqliteDb; inTransaction: boolean };

function syncUnder(db: Db): SyncUnder | undefined {
  return (db as unknown as Record<symbol, SyncUnder | undefined>)[SYNC_UNDER];
}

/**
 * The sync better-sqlite3 database under an async SQLite `Db` (the same connection), or null on
 * PostgreSQL: for the visitor's hot writes, which stay prepared statements in group commit on SQLite.
 */
export function syncSqliteOf(db: Db): SqliteDb | null {
  return syncUnder(db)?.sync ?? null;
}

/**
 * Runs a sync write on the SQLite database under `db` (syncSqliteOf) the way the visitor API's hot
 * paths run: in the next group commit (./group-commit.ts). From a transaction's `tx` it runs at once,
 * inside that transaction, which holds the connection: group commit would wait for the transaction to
 * end, and the transaction for this write. (A write that begins its own transaction, immediate() in
 * lib/db/prepared.ts, becomes a savepoint there.)
 */
export function inGroupCommit<T>(db: Db, write: () => T): Promise<T> {
  const under = syncUnder(db);
  if (!under) return Promise.reject(new Error("inGroupCommit: not a SQLite database"));
  if (under.inTransaction) {
    const gate = gateOf(under.sync.$client);
    return new Promise<T>((resolve) => resolve(gate.asHolder(write)));
  }
  return groupCommit(under.sync, write);
}

/** The async `Db` over a sync better-sqlite3 Drizzle database (one per connection, shared). */
export function sqliteAppDb(sync: SqliteDb): Db {
  const connection = sync.$client;
  const holder = connection as unknown as Record<symbol, Db | undefined>;
  const existing = holder[OPENED];
  if (existing) return existing;

  const gate = gateOf(connection);
  const execute = executor(connection);
  const outside = build(execute, (work) => gate.whenFree(work));
  const inside = build(execute, (work) => gate.asHolder(work));
  Object.assign(outside, { [SYNC_UNDER]: { sync, inTransaction: false } satisfies SyncUnder });
  Object.assign(inside, { [SYNC_UNDER]: { sync, inTransaction: true } satisfies SyncUnder });

  const rawRows = (query: SQL, gated: boolean) => {
    const { sql: sqlText, params } = dialect.sqlToQuery(query);
    const work = () => connection.prepare(sqlText).all(params) as Record<string, unknown>[];
    return Promise.resolve(gated ? gate.whenFree(work) : gate.asHolder(work));
  };
  Object.assign(outside, { [RAW_ROWS]: (query: SQL) => rawRows(query, true) });
  Object.assign(inside, { [RAW_ROWS]: (query: SQL) => rawRows(query, false) });

  let depth = 0;
  Object.assign(inside, {
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const name = `pushboard_tx_${++depth}`;
      const exec = (text: string) => gate.asHolder(() => connection.prepare(text).run());
      exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(inside);
        exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        exec(`ROLLBACK TO ${name}`);
        exec(`RELEASE ${name}`);
        throw error;
      } finally {
        depth--;
      }
    },
  });
  Object.assign(outside, {
    transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      return gate.exclusive(async () => {
        await beginImmediateAsync(sync, (run) => gate.asHolder(run));
        try {
          const result = await fn(inside);
          gate.asHolder(() => connection.prepare("COMMIT").run());
          return result;
        } catch (error) {
          if (connection.inTransaction) gate.asHolder(() => connection.prepare("ROLLBACK").run());
          throw error;
        }
      });
    },
  });
  holder[OPENED] = outside;
  return outside;
}
