import { openDatabase, migrateDatabase, type Db } from "@/lib/db/client";

/** A fresh in-memory database with the real migrations applied. */
export function createTestDb(): Db {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  return db;
}
