import { createECDH, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { initSetting } from "./store";
import { initSettingSync } from "./store-sync";
import { SETTING_KEYS, authSecretSchema, vapidKeysSchema, type VapidKeys } from "./keys";

export const DEFAULT_VAPID_SUBJECT = "mailto:admin@pushboard.example";

/** A fresh P-256 key pair in the base64url form push services and browsers expect. */
export function generateVapidKeys(subject: string, now = new Date()): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString("base64url"),
    // getPrivateKey() drops leading zero bytes; push libraries expect exactly 32.
    privateKey: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()])
      .subarray(-32)
      .toString("base64url"),
    subject,
    createdAt: now.getTime(),
  };
}

const newAuthSecret = () => randomBytes(33).toString("base64url");

/**
 * The VAPID key pair, created on first use and kept: replacing it silently would orphan every
 * subscription (RFC 8292 §4.2), so only an explicit rotation in Settings may change it.
 */
export function ensureVapidKeys(db: Db, subject = DEFAULT_VAPID_SUBJECT): Promise<VapidKeys> {
  return initSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema, () => generateVapidKeys(subject));
}

/** The session-signing secret: AUTH_SECRET when set, otherwise one generated once and kept. */
export async function ensureAuthSecret(db: Db, fromEnv?: string): Promise<string> {
  if (fromEnv) return fromEnv;
  return initSetting(db, SETTING_KEYS.authSecret, authSecretSchema, newAuthSecret);
}

// Sync variants for getServerContext() (sync: every page and handler calls it) and the sender process.
// They go when those are async.

/** ensureVapidKeys on the sync SQLite API. */
export function ensureVapidKeysSync(db: SqliteDb, subject = DEFAULT_VAPID_SUBJECT): VapidKeys {
  return initSettingSync(db, SETTING_KEYS.vapidKeys, vapidKeysSchema, () => generateVapidKeys(subject));
}

/** ensureAuthSecret on the sync SQLite API. */
export function ensureAuthSecretSync(db: SqliteDb, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  return initSettingSync(db, SETTING_KEYS.authSecret, authSecretSchema, newAuthSecret);
}
