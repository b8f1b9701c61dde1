import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedUser } from "@/test/support/seeds";
import { ensureVapidKeys, generateVapidKeys } from "@/lib/settings/bootstrap";
import { readSetting } from "@/lib/settings/store";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import {
  getVapidOverview,
  isMatchingVapidPair,
  rotateVapidKeys,
  updateVapidSubject,
  VapidSettingsError,
} from "@/lib/settings/vapid-rotation";

async function setup(db: Db) {
  const keys = await ensureVapidKeys(db, "mailto:ops@example.com");
  const owner = await seedUser(db, { role: "owner" });
  return { keys, actor: { id: owner.id, email: owner.email } };
}

const auditActions = async (db: Db) => (await db.select().from(db.tables.auditLog)).map((row) => row.action);

describe.each(ENGINES)("VAPID subject on %s", (engine) => {
  const test = useTestDb(engine);

  it("stores a subject that meets Apple's rules and audits the change", async () => {
    const { actor } = await setup(test.db);
    await updateVapidSubject(test.db, "https://push.example.com/contact", actor);
    expect((await getVapidOverview(test.db)).subject).toBe("https://push.example.com/contact");
    expect(await auditActions(test.db)).toEqual(["settings.vapid_subject"]);
  });

  it("refuses localhost, spaces, angle brackets and other schemes without writing", async () => {
    const { actor } = await setup(test.db);
    for (const subject of [
      "mailto:admin@localhost",
      "mailto: admin@example.com",
      "mailto:<admin@example.com>",
      "http://example.com",
      "javascript:alert(1)",
      "",
      "https://127.0.0.1/",
    ]) {
      await expect(updateVapidSubject(test.db, subject, actor), subject).rejects.toThrow(VapidSettingsError);
    }
    expect((await getVapidOverview(test.db)).subject).toBe("mailto:ops@example.com");
    expect(await auditActions(test.db)).toEqual([]);
  });
});

describe.each(ENGINES)("key rotation on %s", (engine) => {
  const test = useTestDb(engine);

  it("counts the active subscriptions it would orphan and rotates only with the word and that count", async () => {
    const { db } = test;
    const { keys, actor } = await setup(db);
    await seedSubscription(db, { vapidPublicKey: keys.publicKey });
    await seedSubscription(db, { vapidPublicKey: keys.publicKey });
    await seedSubscription(db, { vapidPublicKey: keys.publicKey, status: "unsubscribed" });
    await seedSubscription(db, { vapidPublicKey: "an-older-key" });
    expect((await getVapidOverview(db)).orphanedByRotation).toBe(2);

    await expect(rotateVapidKeys(db, { confirmation: "yes", expectedOrphans: 2 }, actor)).rejects.toThrow(
      /Type "rotate"/,
    );
    await expect(rotateVapidKeys(db, { confirmation: "rotate", expectedOrphans: 1 }, actor)).rejects.toThrow(/now 2/);
    expect((await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema))!.publicKey).toBe(keys.publicKey);

    const result = await rotateVapidKeys(db, { confirmation: " Rotate ", expectedOrphans: 2 }, actor);
    const stored = (await readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema))!;
    expect(result).toEqual({ publicKey: stored.publicKey, orphaned: 2 });
    expect(stored.publicKey).not.toBe(keys.publicKey);
    expect(stored.subject).toBe("mailto:ops@example.com");
    expect(isMatchingVapidPair(stored)).toBe(true);
    expect((await getVapidOverview(db)).orphanedByRotation).toBe(0);
    const [entry, ...more] = await db.select().from(db.tables.auditLog);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: "settings.vapid_rotate", details: expect.objectContaining({ orphaned: 2 }) });
    expect(JSON.stringify(entry)).not.toContain(stored.privateKey);
  });

  it("says so when no keys are stored yet", async () => {
    await expect(getVapidOverview(test.db)).rejects.toMatchObject({ problem: "missing_keys" });
  });
});

describe("isMatchingVapidPair", () => {
  it("recognises a mismatched or malformed pair", () => {
    const keys = generateVapidKeys("mailto:ops@example.com");
    const other = generateVapidKeys("mailto:ops@example.com");
    expect(isMatchingVapidPair(keys)).toBe(true);
    expect(isMatchingVapidPair({ publicKey: keys.publicKey, privateKey: other.privateKey })).toBe(false);
    expect(isMatchingVapidPair({ publicKey: keys.publicKey, privateKey: "not-a-key" })).toBe(false);
  });
});
