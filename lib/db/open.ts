// How a process opens the database it is configured for: DATABASE_URL (PostgreSQL, for installs on
// several machines) or else the SQLite file at DATABASE_PATH. Either way the migrations are applied
// first (on PostgreSQL under an advisory lock, so processes starting together apply them once), and a
// database that cannot be reached is reported in one line that names it, never with its password.
import type { Db, Engine } from "./app-db";
import { migrateDatabase, openDatabase, type SqliteDb } from "./client";
import { migratePostgres, openPostgres, postgresAppDb } from "./pg-client";
import { sqliteAppDb } from "./sqlite-async";

export type OpenedDatabase = {
  db: Db;
  engine: Engine;
  /** SQLite only: the sync database under `db` (backups, benchmarks, the write-lock poll). */
  sqlite: SqliteDb | null;
  /** Where it is, safe to print: the file, or postgres://user@host:port/name without the password. */
  where: string;
  close(): Promise<void>;
};

export type DatabaseConfig = { DATABASE_URL?: string; DATABASE_PATH: string };

/** Thrown when the configured database cannot be opened; its message is the one line to print. */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
}

export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : "";
  return `postgres://${user}${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

function reason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = message || String(error);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

export async function openConfiguredDatabase(
  config: DatabaseConfig,
  options: { pool?: number; onIdleError?: (error: Error) => void } = {},
): Promise<OpenedDatabase> {
  if (!config.DATABASE_URL) return openSqlite(config.DATABASE_PATH);
  const where = describePostgresUrl(config.DATABASE_URL);
  const pg = openPostgres(config.DATABASE_URL, { max: options.pool, onIdleError: options.onIdleError });
  try {
    await migratePostgres(pg);
  } catch (error) {
    await pg.$client.end().catch(() => {});
    // a migration that failed names itself; anything else is the server or the network
    const prefix = (error as Error).name === "MigrationError" ? "cannot migrate" : "cannot reach";
    throw new DatabaseUnavailableError(`PostgreSQL at ${where}: ${prefix}: ${reason(error)}`);
  }
  return { db: postgresAppDb(pg), engine: "postgres", sqlite: null, where, close: () => pg.$client.end() };
}

/** The SQLite side, synchronous: scripts and the web server's lazy start use it without awaiting. */
export function openSqlite(file: string): OpenedDatabase {
  let sqlite: SqliteDb;
  try {
    sqlite = openDatabase(file);
    migrateDatabase(sqlite);
  } catch (error) {
    throw new DatabaseUnavailableError(`SQLite database ${file}: ${reason(error)}`);
  }
  return {
    db: sqliteAppDb(sqlite),
    engine: "sqlite",
    sqlite,
    where: file,
    close: async () => void sqlite.$client.close(),
  };
}
