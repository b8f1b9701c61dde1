// The install's identity secret: the key the site's back-end signs its user ids with (./signature.ts).
// One per install, made on first use and kept in the settings table. It is read from the database on
// every verification (one primary-key read, and only for a signed opt-in or an API call), never cached:
// a rotation holds in every web and worker process from its commit, and old signatures stop at once.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/app-db";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { SETTING_KEYS, identitySecretSchema } from "@/lib/settings/keys";
import { initSetting, readSetting, writeSetting } from "@/lib/settings/store";

/** 32 random bytes, base64url (43 characters): as strong as the HMAC-SHA256 it keys. */
export function generateIdentitySecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The stored secret, created on first use. Several processes may ask first at once: each inserts only if
 * the key is absent and reads back what is stored, so all of them end up with the one that won.
 */
export function getIdentitySecret(db: Db): Promise<string> {
  return initSetting(db, SETTING_KEYS.identitySecret, identitySecretSchema, generateIdentitySecret);
}

/** The stored secret without creating one: verification needs no write (no secret: no signature holds). */
export function readIdentitySecret(db: Db): Promise<string | undefined> {
  return readSetting(db, SETTING_KEYS.identitySecret, identitySecretSchema);
}

/** The secret for an owner to copy into the site's back-end; every look is in the audit log. */
export async function revealIdentitySecret(db: Db, actor: AuditActor, now: Date, ip?: string | null): Promise<string> {
  const secret = await getIdentitySecret(db);
  await recordAudit(db, {
    actor,
    action: "identity_secret.reveal",
    targetType: "settings",
    targetId: SETTING_KEYS.identitySecret,
    ip,
    now,
  });
  return secret;
}

/** Replaces the secret: every signature made with the old one is refused from the commit on. Returns the new one. */
export async function rotateIdentitySecret(db: Db, actor: AuditActor, now: Date, ip?: string | null): Promise<string> {
  const secret = generateIdentitySecret();
  await db.transaction(async (tx) => {
    await writeSetting(tx, SETTING_KEYS.identitySecret, identitySecretSchema, secret);
    await recordAudit(tx, {
      actor,
      action: "identity_secret.rotate",
      targetType: "settings",
      targetId: SETTING_KEYS.identitySecret,
      ip,
      now,
    });
  });
  return secret;
}
