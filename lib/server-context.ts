// The app's wiring: the database plus what first start must create. Used by instrumentation, pages,
// route handlers and scripts; domain code receives `db` from here instead of importing it.
import "server-only";
import { env } from "@/lib/env.mjs";
import { getDb, type Db } from "@/lib/db";
import type { Db as AppDb } from "@/lib/db/app-db";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { ensureAuthSecretSync, ensureVapidKeysSync, DEFAULT_VAPID_SUBJECT } from "@/lib/settings/bootstrap";
import type { VapidKeys } from "@/lib/settings/keys";

export type ServerContext = {
  /** The sync SQLite database, for the code not yet on `appDb` (eslint.config.mjs LEGACY_SYNC). */
  db: Db;
  /** The one async database API of lib/db/app-db.ts, on the same connection. */
  appDb: AppDb;
  authSecret: string;
  vapid: VapidKeys;
};

const globalForContext = globalThis as unknown as { pushboardContext?: ServerContext };

export function getServerContext(): ServerContext {
  if (!globalForContext.pushboardContext) {
    const db = getDb();
    globalForContext.pushboardContext = {
      db,
      appDb: sqliteAppDb(db),
      authSecret: ensureAuthSecretSync(db, env.AUTH_SECRET),
      vapid: ensureVapidKeysSync(db, env.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT),
    };
  }
  return globalForContext.pushboardContext;
}

/** Call after an explicit VAPID rotation so the next request reads the new keys. */
export function resetServerContext(): void {
  globalForContext.pushboardContext = undefined;
}
