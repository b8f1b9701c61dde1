// The app's wiring: the configured database plus what first start must create. Used by instrumentation,
// pages, route handlers and scripts; domain code receives `db` from here instead of importing it.
//
// On SQLite the context can be made synchronously on first use, as it always was. On PostgreSQL opening
// the pool and migrating are async, so every process start awaits initServerContext() before it serves
// or sends (instrumentation.ts, scripts/server.ts, scripts/worker.ts); getServerContext() then hands out
// the one context of the process. Both live on globalThis: Next's bundle and the modules `npm start`
// loads itself are separate copies of this file sharing one process.
import "server-only";
import { env } from "@/lib/env.mjs";
import { getDb } from "@/lib/db";
import type { Db, Engine } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { openConfiguredDatabase } from "@/lib/db/open";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import {
  ensureAuthSecret,
  ensureAuthSecretSync,
  ensureVapidKeys,
  ensureVapidKeysSync,
  DEFAULT_VAPID_SUBJECT,
} from "@/lib/settings/bootstrap";
import { readSetting } from "@/lib/settings/store";
import { rateLimitStoreFor, registerRateLimitStore } from "@/lib/http/rate-limit";
import { SETTING_KEYS, vapidKeysSchema, type VapidKeys } from "@/lib/settings/keys";

export type ServerContext = {
  /** The one async database API of lib/db/app-db.ts: SQLite or PostgreSQL. */
  appDb: Db;
  engine: Engine;
  /** SQLite only: the sync database under appDb (the write-lock poll, backups); null on PostgreSQL. */
  sqlite: SqliteDb | null;
  /** Where the database is, safe to print (no password). */
  where: string;
  authSecret: string;
  /**
   * The VAPID key pair as stored, re-read at most every 2 s: a rotation made on one web server reaches
   * the others (and their visitors' subscribe calls) within that, with no restart.
   */
  vapidKeys(): Promise<VapidKeys>;
  /** After a rotation in this process: the next vapidKeys() reads the database. */
  forgetVapidKeys(): void;
  close(): Promise<void>;
};

const VAPID_REREAD_MS = 2_000;

const globalForContext = globalThis as unknown as {
  pushboardContext?: ServerContext;
  pushboardContextStarting?: Promise<ServerContext>;
};

function liveVapidKeys(db: Db, first: VapidKeys): Pick<ServerContext, "vapidKeys" | "forgetVapidKeys"> {
  let keys = first;
  let readAt = Date.now();
  return {
    async vapidKeys() {
      if (Date.now() - readAt >= VAPID_REREAD_MS) {
        keys = (await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema)) ?? keys;
        readAt = Date.now();
      }
      return keys;
    },
    forgetVapidKeys: () => void (readAt = -Infinity),
  };
}

function sqliteContext(): ServerContext {
  const sqlite = getDb();
  const appDb = sqliteAppDb(sqlite);
  return {
    appDb,
    engine: "sqlite",
    sqlite,
    where: env.DATABASE_PATH,
    authSecret: ensureAuthSecretSync(sqlite, env.AUTH_SECRET),
    ...liveVapidKeys(appDb, ensureVapidKeysSync(sqlite, env.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT)),
    close: async () => void sqlite.$client.close(),
  };
}

async function postgresContext(): Promise<ServerContext> {
  const opened = await openConfiguredDatabase(env);
  const { db } = opened;
  // several web servers share one database: their per-address rate limits must share one budget too
  registerRateLimitStore(rateLimitStoreFor(db));
  return {
    appDb: db,
    engine: "postgres",
    sqlite: null,
    where: opened.where,
    authSecret: await ensureAuthSecret(db, env.AUTH_SECRET),
    ...liveVapidKeys(db, await ensureVapidKeys(db, env.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT)),
    close: opened.close,
  };
}

/**
 * Opens the configured database (migrating it) and makes the context; every process start awaits it.
 * Rejects with DatabaseUnavailableError (lib/db/open.ts) when the database cannot be reached.
 */
export function initServerContext(): Promise<ServerContext> {
  if (globalForContext.pushboardContext) return Promise.resolve(globalForContext.pushboardContext);
  globalForContext.pushboardContextStarting ??= (
    env.DATABASE_URL ? postgresContext() : Promise.resolve(sqliteContext())
  )
    .then((context) => (globalForContext.pushboardContext = context))
    .finally(() => (globalForContext.pushboardContextStarting = undefined));
  return globalForContext.pushboardContextStarting;
}

export function getServerContext(): ServerContext {
  if (!globalForContext.pushboardContext) {
    if (env.DATABASE_URL)
      throw new Error(
        "getServerContext() before initServerContext(): PostgreSQL is opened at start-up, asynchronously.",
      );
    globalForContext.pushboardContext = sqliteContext();
  }
  return globalForContext.pushboardContext;
}
