import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedSubscription } from "@/test/support/seeds";
import { recordAudit } from "@/lib/audit/record";
import { gettingStarted } from "@/lib/onboarding/checklist";
import { DEFAULT_VAPID_SUBJECT, ensureVapidKeys } from "@/lib/settings/bootstrap";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { writeSetting } from "@/lib/settings/store";

const doneIds = async (db: Db) => (await gettingStarted(db)).filter((step) => step.done).map((step) => step.id);

describe.each(ENGINES)("getting started on %s", (engine) => {
  const test = useTestDb(engine);

  it("follows what the install has done, from the placeholder contact to a first campaign", async () => {
    const { db } = test;
    const { campaigns, topics } = db.tables;
    const keys = await ensureVapidKeys(db, DEFAULT_VAPID_SUBJECT);
    await db.delete(topics);
    expect(await doneIds(db)).toEqual([]);

    await writeSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema, { ...keys, subject: "mailto:ops@shop.example" });
    await seedSubscription(db);
    await db.insert(topics).values({ slug: "news", name: "News" });
    await recordAudit(db, { actor: null, action: "campaign.send_test" });
    expect(await doneIds(db)).toEqual(["contact", "device", "topic", "test"]);

    const draft = await seedCampaign(db);
    await db.update(campaigns).set({ status: "draft", startedAt: null });
    expect(await doneIds(db)).not.toContain("campaign");
    await db.update(campaigns).set({ status: "sent", startedAt: new Date() });
    expect(draft).toBeGreaterThan(0);
    expect(await doneIds(db)).toEqual(["contact", "device", "topic", "test", "campaign"]);
  });
});
