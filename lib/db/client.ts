import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import path from "node:path";
import * as schema from "./schema";
import { applyMigrations } from "./migrate";
import { guardStatements } from "./sqlite-gate";
import { ensurePrivateDatabaseFiles, ensurePrivateDir } from "./private-files";

/** The sync better-sqlite3 Drizzle database: the hot paths' prepared statements and group commit. */
export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The sync database's old name, kept while domains move to the async `Db` of ./app-db.ts. */
export type Db = SqliteDb;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/**
 * Opens a SQLite database tuned for one web process plus sender processes sharing the file:
 * WAL so readers never block the writer, a busy timeout so writers queue instead of failing with
 * "database is locked", and foreign keys on (SQLite leaves them off by default). A file database is
 * owner-only (0600, its -wal/-shm too) in a folder created 0700: it holds every secret the app has.
 */
export function openDatabase(file: string): Db {
  // ":memory:" and "" (SQLite's private temporary database) have no file of ours to protect
  if (file !== ":memory:" && file !== "") {
    ensurePrivateDir(path.dirname(path.resolve(file)));
    ensurePrivateDatabaseFiles(file);
  }
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 10000");
  guardStatements(sqlite);
  return drizzle({ client: sqlite, schema, casing: "snake_case" }) as Db;
}

/**
 * Applies every pending migration in one transaction: a failing migration leaves the database as it was
 * (see ./migrate.ts for why this is not drizzle's own migrator). Returns the tags applied.
 */
export function migrateDatabase(db: Db, migrationsFolder = MIGRATIONS_FOLDER): string[] {
  return applyMigrations(db.$client, migrationsFolder);
}
