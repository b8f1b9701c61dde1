import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription } from "@/test/unit/segments/factory";
import { insertCampaign } from "@/test/support/engine-factories";
import { campaigns, topics } from "@/lib/db/schema";
import { recordAuditSync } from "@/lib/audit/record";
import { gettingStarted } from "@/lib/onboarding/checklist";
import { DEFAULT_VAPID_SUBJECT, ensureVapidKeys } from "@/lib/settings/bootstrap";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { writeSetting } from "@/lib/settings/store";

const doneIds = (db: ReturnType<typeof createTestDb>) =>
  gettingStarted(db)
    .filter((step) => step.done)
    .map((step) => step.id);

describe("getting started", () => {
  it("follows what the install has done, from the placeholder contact to a first campaign", () => {
    const db = createTestDb();
    const keys = ensureVapidKeys(db, DEFAULT_VAPID_SUBJECT);
    db.delete(topics).run();
    expect(doneIds(db)).toEqual([]);

    writeSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema, { ...keys, subject: "mailto:ops@shop.example" });
    addSubscription(db);
    db.insert(topics).values({ slug: "news", name: "News" }).run();
    recordAuditSync(db, { actor: null, action: "campaign.send_test" });
    expect(doneIds(db)).toEqual(["contact", "device", "topic", "test"]);

    const draft = insertCampaign(db);
    db.update(campaigns).set({ status: "draft", startedAt: null }).run();
    expect(doneIds(db)).not.toContain("campaign");
    db.update(campaigns).set({ status: "sent", startedAt: new Date() }).run();
    expect(draft).toBeGreaterThan(0);
    expect(doneIds(db)).toEqual(["contact", "device", "topic", "test", "campaign"]);
  });
});
