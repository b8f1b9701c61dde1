// The process-wide database for the app, scripts and the sender. Domain code in lib/<domain>/ never
// imports this: it takes `db` as an argument, so tests hand it an in-memory database.
import { env } from "@/lib/env.mjs";
import { openDatabase, migrateDatabase, type Db } from "./client";

export type { Db } from "./client";

const globalForDb = globalThis as unknown as { pushboardDb?: Db };

/** Opens (and migrates, once per process) the configured database. */
export function getDb(): Db {
  if (!globalForDb.pushboardDb) {
    const db = openDatabase(env.DATABASE_PATH);
    migrateDatabase(db);
    globalForDb.pushboardDb = db;
  }
  return globalForDb.pushboardDb;
}
