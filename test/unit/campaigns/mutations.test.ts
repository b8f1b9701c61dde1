import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic } from "@/test/unit/segments/factory";
import { campaignRow, insertCampaign } from "@/test/support/engine-factories";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import {
  createDraft,
  deleteDraft,
  duplicateCampaign,
  retryFailedDeliveries,
  updateDraft,
} from "@/lib/campaigns/mutations";
import { getCampaign } from "@/lib/campaigns/queries";
import { CampaignNotFoundError, CampaignTransitionError } from "@/lib/campaigns/errors";
import { deliveries } from "@/lib/db/schema";
import { createMessageTemplate } from "@/lib/sender/message-template";
import { RECEIPT_TOKEN_LENGTH } from "@/lib/delivery/tokens";

const now = new Date("2030-01-01T10:00:00Z");
const parse = (input: unknown) => createComposerSchema(() => now).parse(input);

function addDelivery(
  db: ReturnType<typeof createTestDb>,
  campaignId: number,
  values: Partial<typeof deliveries.$inferInsert>,
) {
  const subscriptionId = addSubscription(db);
  db.insert(deliveries)
    .values({
      campaignId,
      subscriptionId,
      receiptToken: `tok${Math.random().toString(36).slice(2)}`,
      createdAt: 1,
      updatedAt: 1,
      ...values,
    })
    .run();
}

describe("campaign drafts", () => {
  it("creates a draft with server-named actions and the parsed options", () => {
    const db = createTestDb();
    const topic = addTopic(db, "news");
    const data = parse({
      title: "  Sale  ",
      body: "20% off",
      url: "https://shop.example/sale",
      actions: [
        { title: "Open", url: "https://shop.example/a" },
        { title: "Later", url: "https://shop.example/b" },
      ],
      ttl: 3600,
      urgency: "high",
      topic: "sale-2030x",
      audience: { includeTopicIds: [topic, topic] },
      icon: "",
    });
    const id = createDraft(db, data, null, now);
    const c = getCampaign(db, id);
    expect(c).toMatchObject({
      title: "Sale",
      status: "draft",
      ttl: 3600,
      urgency: "high",
      topic: "sale-2030x",
      icon: null,
    });
    expect(c.actions).toEqual([
      { action: "action-1", title: "Open", url: "https://shop.example/a" },
      { action: "action-2", title: "Later", url: "https://shop.example/b" },
    ]);
    expect(c.audience.includeTopicIds).toEqual([topic]);
    expect(c.createdAt.getTime()).toBe(now.getTime());
  });

  it("stores a button without a URL as one, and its push carries no navigate for it", () => {
    const db = createTestDb();
    const id = createDraft(
      db,
      parse({
        title: "Sale",
        actions: [
          { title: "Dismiss", url: "" },
          { title: "Open", url: "https://shop.example/" },
        ],
      }),
      null,
      now,
    );
    expect(getCampaign(db, id).actions).toEqual([
      { action: "action-1", title: "Dismiss" },
      { action: "action-2", title: "Open", url: "https://shop.example/" },
    ]);
    const message = createMessageTemplate(campaignRow(db, id), { baseUrl: "https://site.example" })(
      "t".repeat(RECEIPT_TOKEN_LENGTH),
      null,
      now.getTime(),
    );
    const payload = JSON.parse(message.payload);
    expect(payload.notification.data.pushboard.actions).toEqual([
      { action: "action-1", title: "Dismiss" },
      { action: "action-2", title: "Open", navigate: "https://shop.example/" },
    ]);
  });

  it("updates only drafts", () => {
    const db = createTestDb();
    const id = createDraft(db, parse({ title: "One" }), null, now);
    updateDraft(db, id, parse({ title: "Two", ttl: 0 }), now);
    expect(getCampaign(db, id)).toMatchObject({ title: "Two", ttl: 0 });
    const sending = insertCampaign(db, { status: "sending" });
    expect(() => updateDraft(db, sending, parse({ title: "x" }), now)).toThrow(CampaignTransitionError);
    expect(() => updateDraft(db, 999, parse({ title: "x" }), now)).toThrow(CampaignNotFoundError);
  });

  it("duplicates any campaign into a fresh draft without its history", () => {
    const db = createTestDb();
    const sent = insertCampaign(db, {
      title: "x".repeat(120),
      status: "sent",
      acceptedCount: 5,
      targetedCount: 6,
      topic: "abcd",
      ttl: 60,
      startedAt: now,
    });
    const copy = duplicateCampaign(db, sent, null, now);
    const c = getCampaign(db, copy);
    expect(c.status).toBe("draft");
    expect(c.title).toHaveLength(120);
    expect(c.title.endsWith(" (copy)")).toBe(true);
    expect(c).toMatchObject({ topic: "abcd", ttl: 60, startedAt: null, counters: { accepted: 0, targeted: 0 } });
    expect(() => duplicateCampaign(db, 12345, null, now)).toThrow(CampaignNotFoundError);
  });

  it("deletes drafts and refuses anything that has a history", () => {
    const db = createTestDb();
    const draft = insertCampaign(db);
    deleteDraft(db, draft);
    expect(() => getCampaign(db, draft)).toThrow(CampaignNotFoundError);
    const scheduled = insertCampaign(db, { status: "scheduled" });
    expect(() => deleteDraft(db, scheduled)).toThrow(CampaignTransitionError);
    expect(getCampaign(db, scheduled).status).toBe("scheduled");
    expect(() => deleteDraft(db, draft)).toThrow(CampaignNotFoundError);
  });
});

describe("retryFailedDeliveries", () => {
  it("queues only transient failures of a sending or paused campaign and fixes the counter", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { status: "paused", failedCount: 5 });
    addDelivery(db, id, { status: "failed", statusCode: 503, error: "gave up after 6 attempts: 503", attempts: 6 });
    addDelivery(db, id, {
      status: "failed",
      statusCode: null,
      error: "gave up after 6 attempts: ECONNRESET",
      attempts: 6,
    });
    addDelivery(db, id, { status: "failed", statusCode: 403, error: "push service answered 403" });
    addDelivery(db, id, { status: "failed", statusCode: 429, error: "TTL elapsed before delivery (last: 429)" });
    addDelivery(db, id, { status: "failed", statusCode: 413, error: "too large" });
    addDelivery(db, id, { status: "expired", statusCode: 410, error: "gone" });
    expect(retryFailedDeliveries(db, id, now)).toBe(2);
    const rows = db.select().from(deliveries).where(eq(deliveries.campaignId, id)).all();
    const queued = rows.filter((r) => r.status === "queued");
    expect(queued.map((r) => r.attempts)).toEqual([0, 0]);
    expect(queued.every((r) => r.nextAttemptAt === now.getTime())).toBe(true);
    expect(campaignRow(db, id).failedCount).toBe(3);
    expect(retryFailedDeliveries(db, id, now)).toBe(0);
  });

  it("refuses finished and draft campaigns", () => {
    const db = createTestDb();
    for (const status of ["sent", "draft", "cancelled", "scheduled"] as const) {
      const id = insertCampaign(db, { status });
      expect(() => retryFailedDeliveries(db, id, now)).toThrow(CampaignTransitionError);
    }
    expect(() => retryFailedDeliveries(db, 4242, now)).toThrow(CampaignNotFoundError);
  });
});
