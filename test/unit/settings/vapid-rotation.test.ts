import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { auditLog } from "@/lib/db/schema";
import { ensureVapidKeys } from "@/lib/settings/bootstrap";
import { readSetting } from "@/lib/settings/store";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import {
  getVapidOverview,
  isMatchingVapidPair,
  rotateVapidKeys,
  updateVapidSubject,
  VapidSettingsError,
} from "@/lib/settings/vapid-rotation";
import { addUser } from "@/test/support/users";
import { addSubscriber } from "../subscribers/factory";

async function setup() {
  const db = createTestDb();
  const keys = ensureVapidKeys(db, "mailto:ops@example.com");
  const owner = await addUser(db, "owner");
  return { db, keys, actor: { id: owner.id, email: owner.email } };
}

describe("VAPID subject", () => {
  it("stores a subject that meets Apple's rules and audits the change", async () => {
    const { db, actor } = await setup();
    updateVapidSubject(db, "https://push.example.com/contact", actor);
    expect(getVapidOverview(db).subject).toBe("https://push.example.com/contact");
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(["settings.vapid_subject"]);
  });

  it("refuses localhost, spaces, angle brackets and other schemes without writing", async () => {
    const { db, actor } = await setup();
    for (const subject of [
      "mailto:admin@localhost",
      "mailto: admin@example.com",
      "mailto:<admin@example.com>",
      "http://example.com",
      "javascript:alert(1)",
      "",
      "https://127.0.0.1/",
    ]) {
      expect(() => updateVapidSubject(db, subject, actor), subject).toThrow(VapidSettingsError);
    }
    expect(getVapidOverview(db).subject).toBe("mailto:ops@example.com");
    expect(db.select().from(auditLog).all()).toEqual([]);
  });
});

describe("key rotation", () => {
  it("counts the active subscriptions it would orphan and rotates only with the word and that count", async () => {
    const { db, keys, actor } = await setup();
    addSubscriber(db, { vapidPublicKey: keys.publicKey });
    addSubscriber(db, { vapidPublicKey: keys.publicKey });
    addSubscriber(db, { vapidPublicKey: keys.publicKey, status: "unsubscribed" });
    addSubscriber(db, { vapidPublicKey: "an-older-key" });
    expect(getVapidOverview(db).orphanedByRotation).toBe(2);

    expect(() => rotateVapidKeys(db, { confirmation: "yes", expectedOrphans: 2 }, actor)).toThrow(/Type "rotate"/);
    expect(() => rotateVapidKeys(db, { confirmation: "rotate", expectedOrphans: 1 }, actor)).toThrow(/now 2/);
    expect(readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema)!.publicKey).toBe(keys.publicKey);

    const result = rotateVapidKeys(db, { confirmation: " Rotate ", expectedOrphans: 2 }, actor);
    const stored = readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema)!;
    expect(result).toEqual({ publicKey: stored.publicKey, orphaned: 2 });
    expect(stored.publicKey).not.toBe(keys.publicKey);
    expect(stored.subject).toBe("mailto:ops@example.com");
    expect(isMatchingVapidPair(stored)).toBe(true);
    expect(getVapidOverview(db).orphanedByRotation).toBe(0);
    const [entry] = db.select().from(auditLog).all();
    expect(entry).toMatchObject({ action: "settings.vapid_rotate", details: expect.objectContaining({ orphaned: 2 }) });
    expect(JSON.stringify(entry)).not.toContain(stored.privateKey);
  });

  it("recognises a mismatched or malformed pair", async () => {
    const { keys } = await setup();
    const other = ensureVapidKeys(createTestDb());
    expect(isMatchingVapidPair(keys)).toBe(true);
    expect(isMatchingVapidPair({ publicKey: keys.publicKey, privateKey: other.privateKey })).toBe(false);
    expect(isMatchingVapidPair({ publicKey: keys.publicKey, privateKey: "not-a-key" })).toBe(false);
  });
});
