import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import {
  clickThroughRate,
  getCampaign,
  getCampaignProgress,
  listCampaigns,
  listTestDevices,
} from "@/lib/campaigns/queries";
import { deliveryLogPage, listDeliveries } from "@/lib/campaigns/delivery-log";
import { CampaignNotFoundError } from "@/lib/campaigns/errors";
import { ENGINES, useTestDb } from "@/test/support/databases";
import {
  seedCampaign,
  seedDelivery,
  seedSubscription,
  seedTopic,
  seedUser,
  type DeliverySeed,
} from "@/test/support/seeds";

const addDelivery = (db: Db, campaignId: number, subscriptionId: number, values: Partial<DeliverySeed> = {}) =>
  seedDelivery(db, { campaignId, subscriptionId, createdAt: 1, updatedAt: 2, ...values });

describe.each(ENGINES)("listCampaigns on %s", (engine) => {
  const test = useTestDb(engine);
  const list = (db: Db, filter: Parameters<typeof listCampaigns>[1] = {}) => listCampaigns(db, filter);

  it("filters by status, searches titles literally and pages newest first", async () => {
    const db = test.db;
    for (let i = 1; i <= 25; i++)
      await seedCampaign(db, { title: `Campaign ${i}`, createdAt: new Date(Date.UTC(2030, 0, i)) });
    await seedCampaign(db, {
      title: "50% off",
      status: "sent",
      startedAt: new Date(),
      targetedCount: 7,
      acceptedCount: 4,
      clickedCount: 1,
      createdAt: new Date(Date.UTC(2029, 0, 1)),
    });
    const first = await list(db, { pageSize: 10 });
    expect(first).toMatchObject({ total: 26, page: 1, pageCount: 3 });
    expect(first.items[0]!.title).toBe("Campaign 25");
    const last = await list(db, { pageSize: 10, page: 99 });
    expect(last.page).toBe(3);
    expect(last.items.at(-1)!.title).toBe("50% off");
    expect((await list(db, { q: "50%" })).items.map((c) => c.title)).toEqual(["50% off"]);
    expect((await list(db, { q: "%" })).items.map((c) => c.title)).toEqual(["50% off"]);
    expect((await list(db, { q: "_" })).total).toBe(0);
    // as SQLite's LIKE always did: the search ignores case on PostgreSQL too
    expect((await list(db, { q: "CAMPAIGN 25" })).items.map((c) => c.title)).toEqual(["Campaign 25"]);
    const sent = await list(db, { status: "sent" });
    expect(sent.items).toHaveLength(1);
    expect(sent.items[0]).toMatchObject({ audienceSize: 7, clickThroughRate: 0.25 });
    expect((await list(db, { page: -5, pageSize: 0 })).page).toBe(1);
  });

  it("shows a draft's live audience, a sent campaign's targeted total, and null when its segment is gone", async () => {
    const db = test.db;
    const topic = await seedTopic(db, { slug: "news" });
    await seedSubscription(db, { topicIds: [topic] });
    await seedSubscription(db);
    await seedSubscription(db, { status: "expired", topicIds: [topic] });
    await seedCampaign(db, {
      title: "topic",
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [topic], excludeTopicIds: [] },
    });
    await seedCampaign(db, {
      title: "gone",
      audience: { includeSegmentIds: [77], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    });
    await seedCampaign(db, { title: "sent", status: "sent", startedAt: new Date(), targetedCount: 9 });
    const items = (await list(db)).items;
    expect(Object.fromEntries(items.map((c) => [c.title, c.audienceSize]))).toEqual({ topic: 1, gone: null, sent: 9 });
  });
});

describe.each(ENGINES)("campaign detail reads on %s", (engine) => {
  const test = useTestDb(engine);

  it("reports progress from counters and pending rows", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "sending", targetedCount: 4, acceptedCount: 1, failedCount: 1 });
    const subs = [
      await seedSubscription(db),
      await seedSubscription(db),
      await seedSubscription(db),
      await seedSubscription(db),
    ];
    await addDelivery(db, id, subs[0]!, { status: "accepted" });
    await addDelivery(db, id, subs[1]!, { status: "failed" });
    await addDelivery(db, id, subs[2]!, { status: "queued" });
    await addDelivery(db, id, subs[3]!, { status: "retrying" });
    expect(await getCampaignProgress(db, id)).toMatchObject({
      percent: 50,
      pending: 2,
      targeted: 4,
      status: "sending",
    });
    const sent = await seedCampaign(db, { status: "sent" });
    expect((await getCampaignProgress(db, sent)).percent).toBe(100);
    expect((await getCampaignProgress(db, await seedCampaign(db))).percent).toBe(0);
    await expect(getCampaignProgress(db, 999)).rejects.toThrow(CampaignNotFoundError);
    await expect(getCampaign(db, 999)).rejects.toThrow(CampaignNotFoundError);
  });

  it("lists the delivery log without endpoints, filtered and paged, and by keyset", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "sent" });
    const other = await seedCampaign(db, { status: "sent" });
    for (let i = 0; i < 30; i++)
      // at push.example.test: the host the log shows below
      await addDelivery(db, id, await seedSubscription(db, { endpoint: `https://push.example.test/send/${i}` }), {
        status: i % 3 === 0 ? "failed" : "accepted",
        statusCode: i % 3 === 0 ? 410 : 201,
      });
    await addDelivery(db, other, await seedSubscription(db));
    const log = await listDeliveries(db, id, { pageSize: 10, page: 2 });
    expect(log).toMatchObject({ total: 30, page: 2, pageCount: 3 });
    expect(log.rows).toHaveLength(10);
    expect(JSON.stringify(log)).not.toContain("/send/");
    expect(log.rows[0]!.subscription).toMatch(/^#\d+ · push\.example\.test$/);
    expect((await listDeliveries(db, id, { status: "failed" })).total).toBe(10);
    expect((await listDeliveries(db, id, { statusCode: 201 })).total).toBe(20);
    const first = await deliveryLogPage(db, id, {}, 0, 12);
    const rest = await deliveryLogPage(db, id, {}, first.at(-1)!.id, 100);
    expect(first.length + rest.length).toBe(30);
    expect(new Set([...first, ...rest].map((r) => r.id)).size).toBe(30);
  });

  it("finds only the admin's own active devices with keys", async () => {
    const db = test.db;
    const admin = await seedUser(db, { email: "a@example.com", role: "owner" });
    const mine = await seedSubscription(db, { userId: admin.id });
    await seedSubscription(db, { userId: admin.id, status: "unsubscribed" });
    await seedSubscription(db, { userId: admin.id, p256dh: null });
    await seedSubscription(db);
    expect((await listTestDevices(db, admin.id)).map((d) => d.id)).toEqual([mine]);
    expect(clickThroughRate({ accepted: 0, clicked: 0 })).toBeNull();
  });
});
