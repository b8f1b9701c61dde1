// TRANSITIONAL. The queue's verbs take the async `Db` (lib/db/app-db.ts); until lib/sender/runner.ts is
// async too, it still passes its sync better-sqlite3 database and expects sync answers. Each verb keeps
// an overload for that caller alone, told apart by this check. Delete it, and the overloads, with the
// runner's conversion.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";

/** The sync SQLite database itself (no `engine`), not the async `Db` over it or over PostgreSQL. */
export function isLegacySyncDb(db: Db | SqliteDb): db is SqliteDb {
  return !("engine" in db);
}
