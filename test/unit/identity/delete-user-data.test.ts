import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { exactCampaignRow } from "@/lib/campaigns/pending-counters";
import { foldCounterDeltas } from "@/lib/delivery/counter-deltas";
import { deleteUserData, externalIdDigest } from "@/lib/identity/delete-user-data";
import { deleteSubscriber } from "@/lib/subscribers/delete";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedReceipt, seedSubscription, seedTopic, seedUser } from "@/test/support/seeds";

const now = new Date("2030-01-02T03:04:05Z");

async function counts(db: Db) {
  const { deliveries, receipts, subscriptions, subscriptionTopics } = db.tables;
  return {
    subscriptions: (await db.select().from(subscriptions)).length,
    topics: (await db.select().from(subscriptionTopics)).length,
    deliveries: (await db.select().from(deliveries)).length,
    receipts: (await db.select().from(receipts)).length,
  };
}

async function retryingOf(db: Db, campaignId: number) {
  return (await exactCampaignRow(db, campaignId))!.retryingCount;
}

describe.each(ENGINES)("deleteUserData on %s", (engine) => {
  const test = useTestDb(engine);

  it("deletes every device of the user with topics, deliveries and receipts, and nobody else's", async () => {
    const db = test.db;
    const { auditLog, subscriptions } = db.tables;
    const news = await seedTopic(db, { slug: "news" });
    const campaignId = await seedCampaign(db, { status: "sent" });
    const phone = await seedSubscription(db, { externalId: "user-42", topicIds: [news] });
    const laptop = await seedSubscription(db, { externalId: "user-42", status: "unsubscribed", topicIds: [news] });
    const someoneElse = await seedSubscription(db, { externalId: "user-43", topicIds: [news] });
    const anonymous = await seedSubscription(db, { topicIds: [news] });
    for (const subscriptionId of [phone, laptop, someoneElse, anonymous]) {
      const deliveryId = await seedDelivery(db, { campaignId, subscriptionId, status: "accepted" });
      await seedReceipt(db, { campaignId, deliveryId, kind: "shown" });
    }
    await seedDelivery(db, { campaignId: await seedCampaign(db, { status: "sent" }), subscriptionId: phone });

    const result = await deleteUserData(db, "user-42", { apiKeyId: 7 }, now, "198.51.100.4");
    expect(result).toEqual({ subscriptions: 2, deliveries: 3 });
    expect(await counts(db)).toEqual({ subscriptions: 2, topics: 2, deliveries: 2, receipts: 2 });
    const left = await db.select({ id: subscriptions.id }).from(subscriptions).orderBy(asc(subscriptions.id));
    expect(left.map((row) => row.id)).toEqual([someoneElse, anonymous]);

    const [entry] = await db.select().from(auditLog);
    expect(entry).toMatchObject({
      action: "user_data.delete",
      actorId: null,
      targetType: "user",
      targetId: externalIdDigest("user-42"),
      details: { subscriptions: 2, deliveries: 3, apiKeyId: 7 },
      ip: "198.51.100.4",
    });
    expect(externalIdDigest("user-42")).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(entry)).not.toContain("user-42");
  });

  it("an unknown user is nothing to delete, not an error (and the request is still on record)", async () => {
    const db = test.db;
    const owner = await seedUser(db, { role: "owner", email: "owner@example.com" });
    await seedSubscription(db, { externalId: "user-43" });
    const result = await deleteUserData(db, "user-42", { userId: owner.id, email: owner.email }, now);
    expect(result).toEqual({ subscriptions: 0, deliveries: 0 });
    expect((await counts(db)).subscriptions).toBe(1);
    const [entry] = await db.select().from(db.tables.auditLog);
    expect(entry).toMatchObject({ actorId: owner.id, actorEmail: "owner@example.com", details: result });
  });

  it("refuses an ugly id without deleting anything", async () => {
    const db = test.db;
    await seedSubscription(db, { externalId: "user-42" });
    for (const bad of ["user-42 ", "x".repeat(129), "user\u000042"]) {
      await expect(deleteUserData(db, bad, {}, now)).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect((await counts(db)).subscriptions).toBe(1);
    expect(await db.select().from(db.tables.auditLog)).toEqual([]);
  });

  it("takes the deleted retrying rows off the campaign's retrying counter, and only those", async () => {
    const db = test.db;
    const { campaigns } = db.tables;
    const campaignId = await seedCampaign(db, { status: "sending", targetedCount: 3, retryingCount: 3 });
    const mine = await seedSubscription(db, { externalId: "user-42" });
    const mineToo = await seedSubscription(db, { externalId: "user-42" });
    const theirs = await seedSubscription(db, { externalId: "user-43" });
    for (const subscriptionId of [mine, mineToo, theirs])
      await seedDelivery(db, { campaignId, subscriptionId, status: "retrying", attempts: 1 });
    const other = await seedCampaign(db, { status: "sending", targetedCount: 1, acceptedCount: 1 });
    await seedDelivery(db, { campaignId: other, subscriptionId: mine, status: "accepted" });

    expect(await deleteUserData(db, "user-42", {}, now)).toEqual({ subscriptions: 2, deliveries: 3 });
    expect(await retryingOf(db, campaignId)).toBe(1);
    await foldCounterDeltas(db); // PostgreSQL: the delta lands on the row as the sender's fold moves it
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(row).toMatchObject({ retryingCount: 1, targetedCount: 3 });
    expect(await exactCampaignRow(db, other)).toMatchObject({ acceptedCount: 1, retryingCount: 0 });
  });

  it("deleteSubscriber keeps the retrying counter right too, never below 0", async () => {
    const db = test.db;
    const campaignId = await seedCampaign(db, { status: "sending", retryingCount: 0 });
    const id = await seedSubscription(db);
    await seedDelivery(db, { campaignId, subscriptionId: id, status: "retrying" });
    await deleteSubscriber(db, id, null, { now });
    expect(await retryingOf(db, campaignId)).toBe(0);
    await foldCounterDeltas(db);
    expect(await retryingOf(db, campaignId)).toBe(0);
  });
});
