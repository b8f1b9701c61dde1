import type { Db } from "@/lib/db/client";
import { readSettingPrepared, writeSetting } from "./store";
import { SETTING_KEYS, extraPushHostsSchema } from "./keys";

/**
 * Push-service hosts an admin allowed beside the built-in list ("host" or "host:port"), for
 * self-hosted push services and tests. Both the endpoint policy and the sender's DNS guard use it.
 */
export function getExtraPushHosts(db: Db, fromEnv: readonly string[] = []): string[] {
  const stored = readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema) ?? [];
  return [...new Set([...fromEnv, ...stored].map((host) => host.toLowerCase()))];
}

export function setExtraPushHosts(db: Db, hosts: string[]): void {
  writeSetting(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema, [
    ...new Set(hosts.map((h) => h.trim().toLowerCase())),
  ]);
}
