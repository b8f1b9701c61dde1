// Changing the VAPID contact and rotating the key pair. A rotation orphans every subscription made with
// the old public key (RFC 8292 §4.2: push services bind a subscription to it), so it demands an
// explicit confirmation that names how many that is.
import { and, count, eq } from "drizzle-orm";
import { createECDH } from "node:crypto";
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { validateVapidSubject } from "@/lib/push/vapid-subject";
import { generateVapidKeys } from "./bootstrap";
import { readSetting, writeSetting } from "./store";
import { SETTING_KEYS, vapidKeysSchema, type VapidKeys } from "./keys";

export const ROTATION_CONFIRMATION = "rotate";

export type VapidSettingsProblem = "missing_keys" | "invalid_subject" | "not_confirmed" | "count_changed";

/** The form field each problem belongs under. */
const FIELD: Partial<Record<VapidSettingsProblem, string>> = {
  invalid_subject: "subject",
  not_confirmed: "confirmation",
};

export class VapidSettingsError extends DomainError {
  constructor(
    readonly problem: VapidSettingsProblem,
    message: string,
  ) {
    const field = FIELD[problem];
    super(
      problem === "missing_keys" ? "internal_error" : problem === "count_changed" ? "conflict" : "invalid_settings",
      message,
      field ? { fieldErrors: { [field]: [message] } } : {},
    );
  }
}

async function requireKeys(db: Db): Promise<VapidKeys> {
  const keys = await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema);
  if (!keys)
    throw new VapidSettingsError("missing_keys", "No VAPID keys are stored yet. Restart the server to create them.");
  return keys;
}

/** Active subscriptions made with the given public key: the ones a rotation away from it would orphan. */
export async function countActiveWithKey(db: Db, publicKey: string): Promise<number> {
  const { subscriptions } = db.tables;
  const [row] = await db
    .select({ n: count() })
    .from(subscriptions)
    .where(and(eq(subscriptions.vapidPublicKey, publicKey), eq(subscriptions.status, "active")));
  return row?.n ?? 0;
}

export async function getVapidOverview(db: Db): Promise<{
  publicKey: string;
  subject: string;
  createdAt: number;
  orphanedByRotation: number;
}> {
  const keys = await requireKeys(db);
  return {
    publicKey: keys.publicKey,
    subject: keys.subject,
    createdAt: keys.createdAt,
    orphanedByRotation: await countActiveWithKey(db, keys.publicKey),
  };
}

export async function updateVapidSubject(db: Db, subject: string, actor: AuditActor, now = new Date()): Promise<void> {
  const check = validateVapidSubject(subject);
  if (!check.ok) throw new VapidSettingsError("invalid_subject", check.message);
  await db.transaction(async (tx) => {
    const keys = await requireKeys(tx);
    if (keys.subject === check.subject) return;
    await writeSetting(tx, SETTING_KEYS.vapidKeys, vapidKeysSchema, { ...keys, subject: check.subject });
    await recordAudit(tx, {
      actor,
      action: "settings.vapid_subject",
      targetType: "settings",
      targetId: SETTING_KEYS.vapidKeys,
      details: { from: keys.subject, to: check.subject },
      now,
    });
  });
}

/**
 * Replaces the key pair. `confirmation` must be the word "rotate" and `expectedOrphans` the count the
 * person was shown: if more people subscribed in between, they must look again. The caller resets the
 * server context afterwards so the next request signs with the new key.
 */
export async function rotateVapidKeys(
  db: Db,
  input: { confirmation: string; expectedOrphans: number },
  actor: AuditActor,
  now = new Date(),
): Promise<{ publicKey: string; orphaned: number }> {
  if (input.confirmation.trim().toLowerCase() !== ROTATION_CONFIRMATION) {
    throw new VapidSettingsError("not_confirmed", `Type "${ROTATION_CONFIRMATION}" to confirm the rotation.`);
  }
  return db.transaction(async (tx) => {
    const keys = await requireKeys(tx);
    const orphaned = await countActiveWithKey(tx, keys.publicKey);
    if (orphaned !== input.expectedOrphans) {
      throw new VapidSettingsError(
        "count_changed",
        `The number of subscriptions this would orphan is now ${orphaned}. Review it and confirm again.`,
      );
    }
    const next = generateVapidKeys(keys.subject, now);
    await writeSetting(tx, SETTING_KEYS.vapidKeys, vapidKeysSchema, next);
    await recordAudit(tx, {
      actor,
      action: "settings.vapid_rotate",
      targetType: "settings",
      targetId: SETTING_KEYS.vapidKeys,
      details: { orphaned, oldPublicKeyEnd: keys.publicKey.slice(-8), newPublicKeyEnd: next.publicKey.slice(-8) },
      now,
    });
    return { publicKey: next.publicKey, orphaned };
  });
}

/** True when the stored private key derives the stored public key (a pasted or half-restored pair does not). */
export function isMatchingVapidPair(keys: Pick<VapidKeys, "publicKey" | "privateKey">): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, "base64url"));
    return ecdh.getPublicKey().toString("base64url") === keys.publicKey;
  } catch {
    return false;
  }
}
