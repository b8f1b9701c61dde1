// Opens a PostgreSQL database for Pushboard through node-postgres (pg). Chosen over postgres.js by
// measurement on this machine (8 concurrent clients, one throwaway cluster, second round): point
// inserts 17,500 vs 19,000/s and point selects 22,700 vs 22,300/s — a draw — but reading 1,000-row
// pages 750,000 vs 590,000 rows/s, which is what the audience snapshot and the CSV exports do; pg is
// also the driver most of the ecosystem (drizzle, Payload) runs on.
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import path from "node:path";
import pg from "pg";
import * as schema from "./pg-schema";
import { applyPostgresMigrations } from "./pg-migrate";
import { RAW_ROWS, type Db, type Tables } from "./app-db";
import type { SQL } from "drizzle-orm";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle", "pg");

// bigint (int8) arrives as a string by default; every bigint of ours is a millisecond time or an id far
// below 2^53, so numbers are exact and what the domain code expects (as better-sqlite3 gives them)
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type OpenPostgresOptions = {
  max?: number;
  /** Where a lost idle connection is reported; the pool replaces it on the next query. */
  onIdleError?: (error: Error) => void;
};

export function openPostgres(url: string, options: OpenPostgresOptions = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // a server that accepts the connection but never answers (a half-open fail-over) must not hang the
    // caller for ever; and dead peers are noticed by the kernel, not only by the next query
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // An idle connection that the server ends (a restart, a fail-over, pg_terminate_backend, DROP DATABASE
  // WITH (FORCE) while the pool is closing) makes the pool emit "error"; without a listener Node turns
  // that into an uncaught exception and the whole web server or sender exits. The pool has already
  // dropped that connection and opens a fresh one when next needed, so reporting it is all there is to do.
  const report =
    options.onIdleError ?? ((error) => console.warn(`[postgres] an idle connection was lost: ${error.message}`));
  pool.on("error", report);
  // A connection lost while checked out (inside a transaction, between two of its statements) makes its
  // client emit "error" too, and the pool listens only to idle ones: unheard, that event is an uncaught
  // exception that ends the process in the middle of an outage. The loss surfaces anyway, as the failure
  // of the next query on that client, and the pool drops a broken client when it is released.
  pool.on("connect", (client) => client.on("error", () => {}));
  return drizzle({ client: pool, schema, casing: "snake_case" }) as PgDb;
}

export function migratePostgres(db: PgDb, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<string[]> {
  return applyPostgresMigrations(db.$client, migrationsFolder);
}

type Transactional = { transaction: (fn: (tx: unknown) => Promise<unknown>) => Promise<unknown> };

/** Gives a Drizzle PostgreSQL database or transaction the `Db` shape of ./app-db.ts (tx included). */
function asAppDb(target: PgDb | PgTransaction): Db {
  const inner = (target as unknown as Transactional).transaction.bind(target);
  return Object.assign(target, {
    engine: "postgres" as const,
    tables: schema as unknown as Tables,
    transaction: (fn: (tx: Db) => Promise<unknown>) => inner((tx) => fn(asAppDb(tx as PgTransaction))),
    [RAW_ROWS]: async (query: SQL) => (await target.execute(query)).rows,
  }) as unknown as Db;
}

type PgTransaction = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** The async `Db` on a PostgreSQL pool (openPostgres). */
export function postgresAppDb(db: PgDb): Db {
  return asAppDb(db);
}
