// Push-service hosts an admin allowed beside the built-in list ("host" or "host:port"), for self-hosted
// push services and tests. Both the endpoint policy and the sender's DNS guard use it.
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { readSetting, writeSetting } from "./store";
import { readSettingPrepared } from "./store-sync";
import { SETTING_KEYS, extraPushHostsSchema } from "./keys";

/** The environment's hosts and the stored ones, lower case, each once. */
function withHostsFromEnv(fromEnv: readonly string[], stored: readonly string[]): string[] {
  return [...new Set([...fromEnv, ...stored].map((host) => host.toLowerCase()))];
}

export async function getExtraPushHosts(db: Db, fromEnv: readonly string[] = []): Promise<string[]> {
  return withHostsFromEnv(fromEnv, (await readSetting(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)) ?? []);
}

/**
 * getExtraPushHosts by a prepared statement on the sync SQLite API: the visitor's subscribe request and
 * the sender's host check read it synchronously (a push sender's extraHosts is a sync callback). Goes
 * when those read it async.
 */
export function getExtraPushHostsSync(db: SqliteDb, fromEnv: readonly string[] = []): string[] {
  return withHostsFromEnv(fromEnv, readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema) ?? []);
}

/**
 * getExtraPushHosts for the visitor's subscribe request, the hot path `npm run bench:api` measures: on
 * SQLite by the prepared statement of getExtraPushHostsSync, on PostgreSQL the async read.
 */
export async function getExtraPushHostsForVisitor(db: Db, fromEnv: readonly string[] = []): Promise<string[]> {
  const sqlite = syncSqliteOf(db);
  return sqlite ? getExtraPushHostsSync(sqlite, fromEnv) : getExtraPushHosts(db, fromEnv);
}

export async function setExtraPushHosts(db: Db, hosts: string[]): Promise<void> {
  await writeSetting(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema, [
    ...new Set(hosts.map((h) => h.trim().toLowerCase())),
  ]);
}
