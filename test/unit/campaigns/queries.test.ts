import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic } from "@/test/unit/segments/factory";
import { insertCampaign } from "@/test/support/engine-factories";
import { deliveries, users } from "@/lib/db/schema";
import {
  clickThroughRate,
  getCampaign,
  getCampaignProgress,
  listCampaigns,
  listTestDevices,
} from "@/lib/campaigns/queries";
import { deliveryLogPage, listDeliveries } from "@/lib/campaigns/delivery-log";
import { CampaignNotFoundError } from "@/lib/campaigns/errors";

type TestDb = ReturnType<typeof createTestDb>;
let tokens = 0;
function addDelivery(
  db: TestDb,
  campaignId: number,
  subscriptionId: number,
  values: Partial<typeof deliveries.$inferInsert> = {},
) {
  db.insert(deliveries)
    .values({ campaignId, subscriptionId, receiptToken: `t${++tokens}`, createdAt: 1, updatedAt: 2, ...values })
    .run();
}

describe("listCampaigns", () => {
  it("filters by status, searches titles literally and pages newest first", () => {
    const db = createTestDb();
    for (let i = 1; i <= 25; i++)
      insertCampaign(db, { title: `Campaign ${i}`, createdAt: new Date(Date.UTC(2030, 0, i)) });
    insertCampaign(db, {
      title: "50% off",
      status: "sent",
      startedAt: new Date(),
      targetedCount: 7,
      acceptedCount: 4,
      clickedCount: 1,
      createdAt: new Date(Date.UTC(2029, 0, 1)),
    });
    const first = listCampaigns(db, { pageSize: 10 });
    expect(first).toMatchObject({ total: 26, page: 1, pageCount: 3 });
    expect(first.items[0]!.title).toBe("Campaign 25");
    const last = listCampaigns(db, { pageSize: 10, page: 99 });
    expect(last.page).toBe(3);
    expect(last.items.at(-1)!.title).toBe("50% off");
    expect(listCampaigns(db, { q: "50%" }).items.map((c) => c.title)).toEqual(["50% off"]);
    expect(listCampaigns(db, { q: "%" }).items.map((c) => c.title)).toEqual(["50% off"]);
    expect(listCampaigns(db, { q: "_" }).total).toBe(0);
    const sent = listCampaigns(db, { status: "sent" });
    expect(sent.items).toHaveLength(1);
    expect(sent.items[0]).toMatchObject({ audienceSize: 7, clickThroughRate: 0.25 });
    expect(listCampaigns(db, { page: -5, pageSize: 0 }).page).toBe(1);
  });

  it("shows a draft's live audience, and null when its segment is gone", () => {
    const db = createTestDb();
    const topic = addTopic(db, "news");
    addSubscription(db, { topicIds: [topic] });
    addSubscription(db);
    addSubscription(db, { status: "expired", topicIds: [topic] });
    insertCampaign(db, {
      title: "topic",
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [topic], excludeTopicIds: [] },
    });
    insertCampaign(db, {
      title: "gone",
      audience: { includeSegmentIds: [77], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    });
    const items = listCampaigns(db).items;
    expect(items.find((c) => c.title === "topic")!.audienceSize).toBe(1);
    expect(items.find((c) => c.title === "gone")!.audienceSize).toBeNull();
  });
});

describe("campaign detail reads", () => {
  it("reports progress from counters and pending rows", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { status: "sending", targetedCount: 4, acceptedCount: 1, failedCount: 1 });
    const subs = [addSubscription(db), addSubscription(db), addSubscription(db), addSubscription(db)];
    addDelivery(db, id, subs[0]!, { status: "accepted" });
    addDelivery(db, id, subs[1]!, { status: "failed" });
    addDelivery(db, id, subs[2]!, { status: "queued" });
    addDelivery(db, id, subs[3]!, { status: "retrying" });
    expect(getCampaignProgress(db, id)).toMatchObject({ percent: 50, pending: 2, targeted: 4, status: "sending" });
    const sent = insertCampaign(db, { status: "sent" });
    expect(getCampaignProgress(db, sent).percent).toBe(100);
    expect(getCampaignProgress(db, insertCampaign(db)).percent).toBe(0);
    expect(() => getCampaignProgress(db, 999)).toThrow(CampaignNotFoundError);
    expect(() => getCampaign(db, 999)).toThrow(CampaignNotFoundError);
  });

  it("lists the delivery log without endpoints, filtered and paged, and by keyset", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { status: "sent" });
    const other = insertCampaign(db, { status: "sent" });
    for (let i = 0; i < 30; i++)
      addDelivery(db, id, addSubscription(db), {
        status: i % 3 === 0 ? "failed" : "accepted",
        statusCode: i % 3 === 0 ? 410 : 201,
      });
    addDelivery(db, other, addSubscription(db));
    const log = listDeliveries(db, id, { pageSize: 10, page: 2 });
    expect(log).toMatchObject({ total: 30, page: 2, pageCount: 3 });
    expect(log.rows).toHaveLength(10);
    expect(JSON.stringify(log)).not.toContain("/send/");
    expect(log.rows[0]!.subscription).toMatch(/^#\d+ · push\.example\.test$/);
    expect(listDeliveries(db, id, { status: "failed" }).total).toBe(10);
    expect(listDeliveries(db, id, { statusCode: 201 }).total).toBe(20);
    const first = deliveryLogPage(db, id, {}, 0, 12);
    const rest = deliveryLogPage(db, id, {}, first.at(-1)!.id, 100);
    expect(first.length + rest.length).toBe(30);
    expect(new Set([...first, ...rest].map((r) => r.id)).size).toBe(30);
  });

  it("finds only the admin's own active devices with keys", () => {
    const db = createTestDb();
    const admin = db
      .insert(users)
      .values({ email: "a@example.com", name: "A", passwordHash: "x", role: "owner" })
      .returning()
      .get();
    const mine = addSubscription(db, { userId: admin.id });
    addSubscription(db, { userId: admin.id, status: "unsubscribed" });
    addSubscription(db, { userId: admin.id, p256dh: null });
    addSubscription(db);
    expect(listTestDevices(db, admin.id).map((d) => d.id)).toEqual([mine]);
    expect(clickThroughRate({ accepted: 0, clicked: 0 })).toBeNull();
  });
});
