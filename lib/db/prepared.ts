// Prepared statements for the hot paths (claiming and recording deliveries, receipts, saving a
// subscription), prepared once per connection: drizzle's query builder costs more per call than the
// work itself at thousands of rows per second.
import type Database from "better-sqlite3";
import type { Db } from "@/lib/db/client";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Db, sqlText: string): Database.Statement {
  const client = db.$client;
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let statement = cache.get(sqlText);
  if (!statement) {
    statement = client.prepare(sqlText);
    cache.set(sqlText, statement);
  }
  return statement;
}

/** Runs fn in one IMMEDIATE transaction (takes the write lock first, so concurrent workers queue). */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
