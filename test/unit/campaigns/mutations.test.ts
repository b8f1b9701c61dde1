import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { campaignRowOn } from "@/test/support/queue-reads";
import { seedCampaign, seedDelivery, seedSubscription, seedTopic, type DeliverySeed } from "@/test/support/seeds";
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
import { createMessageTemplate } from "@/lib/sender/message-template";
import { RECEIPT_TOKEN_LENGTH } from "@/lib/delivery/tokens";

const now = new Date("2030-01-01T10:00:00Z");
const parse = (input: unknown) => createComposerSchema(() => now).parse(input);

async function addDelivery(db: Db, campaignId: number, values: Partial<DeliverySeed>) {
  await seedDelivery(db, {
    campaignId,
    subscriptionId: await seedSubscription(db),
    receiptToken: `tok${Math.random().toString(36).slice(2)}`,
    ...values,
  });
}

/** The stored row, as the sender reads it. */
async function campaignRow(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}

describe.each(ENGINES)("campaign drafts on %s", (engine) => {
  const test = useTestDb(engine);

  it("creates a draft with server-named actions and the parsed options", async () => {
    const db = test.db;
    const topic = await seedTopic(db, { slug: "news" });
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
    const id = await createDraft(db, data, null, now);
    const c = await getCampaign(db, id);
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

  it("stores a button without a URL as one, and its push carries no navigate for it", async () => {
    const db = test.db;
    const id = await createDraft(
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
    expect((await getCampaign(db, id)).actions).toEqual([
      { action: "action-1", title: "Dismiss" },
      { action: "action-2", title: "Open", url: "https://shop.example/" },
    ]);
    const message = createMessageTemplate(await campaignRow(db, id), { baseUrl: "https://site.example" })(
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

  it("updates only drafts", async () => {
    const db = test.db;
    const id = await createDraft(db, parse({ title: "One" }), null, now);
    await updateDraft(db, id, parse({ title: "Two", ttl: 0 }), now);
    expect(await getCampaign(db, id)).toMatchObject({ title: "Two", ttl: 0 });
    const sending = await seedCampaign(db, { status: "sending" });
    await expect(updateDraft(db, sending, parse({ title: "x" }), now)).rejects.toThrow(CampaignTransitionError);
    await expect(updateDraft(db, 999, parse({ title: "x" }), now)).rejects.toThrow(CampaignNotFoundError);
  });

  it("duplicates any campaign into a fresh draft without its history", async () => {
    const db = test.db;
    const sent = await seedCampaign(db, {
      title: "x".repeat(120),
      status: "sent",
      acceptedCount: 5,
      targetedCount: 6,
      topic: "abcd",
      ttl: 60,
      startedAt: now,
    });
    const copy = await duplicateCampaign(db, sent, null, now);
    const c = await getCampaign(db, copy);
    expect(c.status).toBe("draft");
    expect(c.title).toHaveLength(120);
    expect(c.title.endsWith(" (copy)")).toBe(true);
    expect(c).toMatchObject({ topic: "abcd", ttl: 60, startedAt: null, counters: { accepted: 0, targeted: 0 } });
    await expect(duplicateCampaign(db, 12345, null, now)).rejects.toThrow(CampaignNotFoundError);
  });

  it("deletes drafts and refuses anything that has a history", async () => {
    const db = test.db;
    const draft = await seedCampaign(db);
    await deleteDraft(db, draft);
    await expect(getCampaign(db, draft)).rejects.toThrow(CampaignNotFoundError);
    const scheduled = await seedCampaign(db, { status: "scheduled" });
    await expect(deleteDraft(db, scheduled)).rejects.toThrow(CampaignTransitionError);
    expect((await getCampaign(db, scheduled)).status).toBe("scheduled");
    await expect(deleteDraft(db, draft)).rejects.toThrow(CampaignNotFoundError);
  });
});

describe.each(ENGINES)("retryFailedDeliveries on %s", (engine) => {
  const test = useTestDb(engine);

  it("queues only transient failures of a sending or paused campaign and fixes the counter", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "paused", failedCount: 5 });
    await addDelivery(db, id, {
      status: "failed",
      statusCode: 503,
      error: "gave up after 6 attempts: 503",
      attempts: 6,
    });
    await addDelivery(db, id, {
      status: "failed",
      statusCode: null,
      error: "gave up after 6 attempts: ECONNRESET",
      attempts: 6,
    });
    await addDelivery(db, id, { status: "failed", statusCode: 403, error: "push service answered 403" });
    await addDelivery(db, id, { status: "failed", statusCode: 429, error: "TTL elapsed before delivery (last: 429)" });
    await addDelivery(db, id, { status: "failed", statusCode: 413, error: "too large" });
    await addDelivery(db, id, { status: "expired", statusCode: 410, error: "gone" });
    expect(await retryFailedDeliveries(db, id, now)).toBe(2);
    const { deliveries } = db.tables;
    const rows = await db.select().from(deliveries).where(eq(deliveries.campaignId, id)).orderBy(deliveries.id);
    const queued = rows.filter((r) => r.status === "queued");
    expect(queued.map((r) => r.attempts)).toEqual([0, 0]);
    expect(queued.every((r) => r.nextAttemptAt === now.getTime())).toBe(true);
    expect((await campaignRowOn(db, id)).failedCount).toBe(3);
    expect(await retryFailedDeliveries(db, id, now)).toBe(0);
  });

  it("never takes the failed counter below zero", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "sending", failedCount: 1 });
    await addDelivery(db, id, { status: "failed", statusCode: 503, error: "gave up after 6 attempts: 503" });
    await addDelivery(db, id, { status: "failed", statusCode: 500, error: "gave up after 6 attempts: 500" });
    expect(await retryFailedDeliveries(db, id, now)).toBe(2);
    expect((await campaignRowOn(db, id)).failedCount).toBe(0);
  });

  it("refuses finished and draft campaigns", async () => {
    const db = test.db;
    for (const status of ["sent", "draft", "cancelled", "scheduled"] as const) {
      const id = await seedCampaign(db, { status });
      await expect(retryFailedDeliveries(db, id, now)).rejects.toThrow(CampaignTransitionError);
    }
    await expect(retryFailedDeliveries(db, 4242, now)).rejects.toThrow(CampaignNotFoundError);
  });
});
