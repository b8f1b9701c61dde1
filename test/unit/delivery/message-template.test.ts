import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { campaignRow, insertCampaign, insertSubscriptions } from "@/test/support/engine-factories";
import { createScriptedSender } from "@/test/support/engine-fake-sender";
import { createMessageTemplate } from "@/lib/sender/message-template";
import { createDeliveryRunner } from "@/lib/sender/runner";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { newReceiptToken } from "@/lib/delivery/tokens";
import { PayloadError } from "@/lib/push/payload";
import type { PushPayload } from "@/lib/push/types";
import { compileAudience } from "@/lib/audience/compile";
import { sqliteAppDb } from "@/lib/db/sqlite-async";

const t0 = Date.parse("2030-01-01T10:00:00Z");

describe("campaign message template", () => {
  it("splices each token into the same payload and sends the TTL that is left", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { ttl: 600, urgency: "low", topic: "c42", tag: "c42", renotify: true, url: "/sale" });
    sendCampaignNowSync(db, id, new Date(t0));
    const template = createMessageTemplate(campaignRow(db, id), { baseUrl: "https://push.example.com" });
    const token = newReceiptToken(t0);
    const message = template(token, t0 + 600_000, t0 + 100_500);
    const payload = JSON.parse(message.payload) as PushPayload;
    expect(payload.notification).toMatchObject({
      title: "Sale starts now",
      navigate: "https://push.example.com/sale",
      tag: "c42",
    });
    expect(payload.notification.data.pushboard).toMatchObject({
      campaignId: id,
      receiptToken: token,
      renotify: true,
      timestamp: t0,
    });
    expect(message).toMatchObject({ ttl: 499, urgency: "low", topic: "c42" });
    expect(template(token, t0 + 600_000, t0 + 700_000).ttl).toBe(0);
    expect(template(token, null, t0).ttl).toBe(600);
    expect(() => template("short", null, t0)).toThrow(/receipt token/);
    expect(() => template(`${token.slice(0, -1)}"`, null, t0)).toThrow(/receipt token/);
  });

  it("refuses content over the 3993-byte budget", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { body: "é".repeat(2_000) });
    expect(() => createMessageTemplate(campaignRow(db, id))).toThrow(PayloadError);
  });

  it("pauses a campaign whose payload is too large, or whose audience cannot be resolved, with the reason", async () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 2, createdAt: Date.now() - 1_000 });
    const big = insertCampaign(db, { body: "é".repeat(2_000) });
    sendCampaignNowSync(db, big, new Date());
    const { sender, calls } = createScriptedSender();
    await createDeliveryRunner({
      db: sqliteAppDb(db),
      sender,
      workerId: "w",
      log: () => {},
      resolveAudience: compileAudience,
    }).runUntilIdle({ timeoutMs: 5_000 });
    expect(campaignRow(db, big).status).toBe("paused");
    expect(campaignRow(db, big).statusReason).toMatch(
      /^Cannot build the notification: The notification is \d+ bytes; Web Push allows 3993/,
    );

    const broken = insertCampaign(db, {
      audience: { includeSegmentIds: [999], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    });
    sendCampaignNowSync(db, broken, new Date());
    await createDeliveryRunner({
      db: sqliteAppDb(db),
      sender,
      workerId: "w",
      log: () => {},
      resolveAudience: compileAudience,
    }).runUntilIdle({ timeoutMs: 5_000 });
    expect(campaignRow(db, broken).status).toBe("paused");
    expect(campaignRow(db, broken).statusReason).toMatch(/^Cannot resolve the audience: /);
    expect(calls).toEqual([]);
  });

  it("completes a campaign whose audience is empty", async () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 3, createdAt: Date.now() - 1_000, status: "unsubscribed" });
    const id = insertCampaign(db);
    sendCampaignNowSync(db, id, new Date());
    const { sender, calls } = createScriptedSender();
    await createDeliveryRunner({
      db: sqliteAppDb(db),
      sender,
      workerId: "w",
      log: () => {},
      resolveAudience: compileAudience,
    }).runUntilIdle({ campaignId: id, timeoutMs: 5_000 });
    expect(calls).toEqual([]);
    expect(campaignRow(db, id)).toMatchObject({ status: "sent", targetedCount: 0 });
  });
});
