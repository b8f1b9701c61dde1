import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import type { Db } from "@/lib/db/app-db";
import { apiNotificationSchema, type ApiNotificationInput } from "@/lib/api-notifications/schema";
import { createApiNotification } from "@/lib/api-notifications/create";
import { compileAudience } from "@/lib/audience/compile";
import { snapshotCampaign } from "@/lib/delivery/snapshot";
import { startDueCampaigns } from "@/lib/campaigns/lifecycle";
import { createMessageTemplate } from "@/lib/sender/message-template";
import { DomainError } from "@/lib/errors/domain-error";
import { RECEIPT_TOKEN_LENGTH } from "@/lib/delivery/tokens";
import { NOW, SITE, seedApiKey, seedManySubscriptions } from "./fixtures";

const parse = (input: ApiNotificationInput) => apiNotificationSchema(NOW).parse(input);

async function seedSegment(db: Db, rules: unknown): Promise<number> {
  const { segments } = db.tables;
  const [row] = await db
    .insert(segments)
    .values({ name: "French speakers", rules: rules as never })
    .returning({ id: segments.id });
  return row!.id;
}

async function campaignOf(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}

async function queuedSubscriptions(db: Db, campaignId: number): Promise<number[]> {
  await snapshotCampaign(db, campaignId, { resolveAudience: compileAudience, now: NOW.getTime() });
  const { deliveries } = db.tables;
  const rows = await db
    .select({ id: deliveries.subscriptionId })
    .from(deliveries)
    .where(eq(deliveries.campaignId, campaignId));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(ENGINES)("createApiNotification on %s", (engine) => {
  const test = useTestDb(engine);

  it("sends to the active devices of named users now: an API campaign of its key, high priority, queued as usual", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const a1 = await seedSubscription(db, { externalId: "alice" });
    const a2 = await seedSubscription(db, { externalId: "alice" });
    await seedSubscription(db, { externalId: "alice", status: "unsubscribed" });
    const b1 = await seedSubscription(db, { externalId: "bob" });
    await seedSubscription(db, { externalId: "carol" });
    await seedSubscription(db); // no external id

    const created = await createApiNotification(
      db,
      parse({ title: "Your order shipped", users: ["alice", "bob", "nobody"], data: { orderId: 12 } }),
      key,
      NOW,
      SITE,
    );
    expect(created).toEqual({ id: expect.any(Number), status: "sending", targeted: 3, sendAt: null });

    const row = await campaignOf(db, created.id);
    expect(row).toMatchObject({
      source: "api",
      apiKeyId: key.id,
      priority: 1,
      name: null,
      title: "Your order shipped",
      status: "sending",
      startedAt: NOW,
      data: { orderId: 12 },
    });
    expect(await queuedSubscriptions(db, created.id)).toEqual([a1, a2, b1].sort((x, y) => x - y));
    expect((await campaignOf(db, created.id)).targetedCount).toBe(3);

    const { auditLog } = db.tables;
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(created.id)));
    expect(entry).toMatchObject({ action: "campaign.send", actorId: null });
    expect(entry!.details).toMatchObject({ source: "api", apiKeyId: key.id, apiKeyName: key.name, targeted: 3 });
  });

  it("links left out take the notification defaults, made absolute against the site, so the sender can build it", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    await seedSubscription(db, { externalId: "dora" });
    const bare = await createApiNotification(db, parse({ title: "x", users: ["dora"] }), key, NOW, SITE);
    expect(await campaignOf(db, bare.id)).toMatchObject({ url: `${SITE}/` });
    const given = await createApiNotification(
      db,
      parse({ title: "x", users: ["dora"], clickUrl: "https://shop.example/orders/1", icon: "/icon.png" }),
      key,
      NOW,
      SITE,
    );
    expect(await campaignOf(db, given.id)).toMatchObject({
      url: "https://shop.example/orders/1",
      icon: `${SITE}/icon.png`,
    });
  });

  it("carries data to the service worker as notification.data.app, inside the budget", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    await seedSubscription(db, { externalId: "alice" });
    const { id } = await createApiNotification(
      db,
      parse({ title: "Hi", users: ["alice"], data: { orderId: 12, lines: [1, 2] } }),
      key,
      NOW,
      SITE,
    );
    const message = createMessageTemplate(await campaignOf(db, id), { baseUrl: "https://shop.example" })(
      "A".repeat(RECEIPT_TOKEN_LENGTH),
      null,
      NOW.getTime(),
    );
    const payload = JSON.parse(message.payload);
    expect(payload.notification.data.app).toEqual({ orderId: 12, lines: [1, 2] });
    expect(payload.notification.data.pushboard.campaignId).toBe(id);
  });

  it("users without a device and unknown subscriptions target nobody: 0 is an answer, not an error", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const none = await createApiNotification(db, parse({ title: "x", users: ["ghost"] }), key, NOW, SITE);
    expect(none).toMatchObject({ status: "sending", targeted: 0 });
    expect(await queuedSubscriptions(db, none.id)).toEqual([]);

    const live = await seedSubscription(db);
    const gone = await seedSubscription(db, { status: "expired" });
    const some = await createApiNotification(
      db,
      parse({ title: "x", subscriptions: [live, gone, 999_999] }),
      key,
      NOW,
      SITE,
    );
    expect(some.targeted).toBe(1);
    expect(await queuedSubscriptions(db, some.id)).toEqual([live]);
  });

  it("a named send is named apart from its title; sendAt schedules it and the scheduler starts it then", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    await seedSubscription(db, { externalId: "alice" });
    const sendAt = new Date(NOW.getTime() + 3_600_000);
    const created = await createApiNotification(
      db,
      parse({ name: "Reminder #7", title: "Don't forget", users: ["alice"], sendAt: sendAt.toISOString() }),
      key,
      NOW,
      SITE,
    );
    expect(created).toMatchObject({ status: "scheduled", targeted: 1, sendAt });
    expect(await campaignOf(db, created.id)).toMatchObject({
      name: "Reminder #7",
      scheduledAt: sendAt,
      startedAt: null,
    });
    expect(await startDueCampaigns(db, new Date(sendAt.getTime() - 1))).toEqual([]);
    expect(await startDueCampaigns(db, sendAt)).toEqual([created.id]);
  });

  it("a segment target is the segment's audience; an unknown segment is a 400 naming it", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const fr = await seedSubscription(db, { language: "fr" });
    await seedSubscription(db, { language: "en" });
    const segment = await seedSegment(db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["fr"] }],
    });
    const created = await createApiNotification(db, parse({ title: "Bonjour", segment }), key, NOW, SITE);
    expect(created.targeted).toBe(1);
    expect(await queuedSubscriptions(db, created.id)).toEqual([fr]);

    const error = await refusal(createApiNotification(db, parse({ title: "x", segment: 4242 }), key, NOW, SITE));
    expect(error).toMatchObject({ code: "invalid_input", status: 400, message: "There is no segment 4242." });
    expect(error.fieldErrors).toEqual({ segment: ["There is no segment 4242."] });
  });

  it("a topics target takes slugs and ids, excludes, and refuses unknown or archived topics by name", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const news = await seedTopic(db, { slug: "news" });
    const deals = await seedTopic(db, { slug: "deals" });
    const old = await seedTopic(db, { slug: "old", archivedAt: NOW });
    const both = await seedSubscription(db, { topicIds: [news, deals] });
    const onlyNews = await seedSubscription(db, { topicIds: [news] });
    const onlyDeals = await seedSubscription(db, { topicIds: [deals] });
    await seedSubscription(db);

    const overlap = await refusal(
      createApiNotification(
        db,
        parse({ title: "x", topics: { include: ["news", deals], exclude: ["deals"] } }),
        key,
        NOW,
        SITE,
      ),
    );
    expect(overlap).toMatchObject({ code: "invalid_input", fieldErrors: { "topics.exclude": [expect.any(String)] } });

    const either = await createApiNotification(
      db,
      parse({ title: "x", topics: { include: ["news", deals] } }),
      key,
      NOW,
      SITE,
    );
    expect(await queuedSubscriptions(db, either.id)).toEqual([both, onlyNews, onlyDeals]);
    const newsOnly = await createApiNotification(
      db,
      parse({ title: "x", topics: { include: ["news"], exclude: [deals] } }),
      key,
      NOW,
      SITE,
    );
    expect(newsOnly.targeted).toBe(1);
    expect(await queuedSubscriptions(db, newsOnly.id)).toEqual([onlyNews]);

    const unknown = await refusal(
      createApiNotification(
        db,
        parse({ title: "x", topics: { include: ["news", "nope", "old", old, 777] } }),
        key,
        NOW,
        SITE,
      ),
    );
    expect(unknown).toMatchObject({ code: "unknown_topics", status: 400 });
    expect(unknown.message).toBe(`Unknown or archived topics: nope, old, ${old}, 777.`);
  });

  it("all: every active subscriber", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const ids = [await seedSubscription(db), await seedSubscription(db)];
    await seedSubscription(db, { status: "unsubscribed" });
    const created = await createApiNotification(db, parse({ title: "x", all: true }), key, NOW, SITE);
    expect(created.targeted).toBe(2);
    expect(await queuedSubscriptions(db, created.id)).toEqual(ids);
  });

  it("over 1,000 targeted is not a priority send; 10,000 users resolve (chunked) and snapshot in full", async () => {
    const { db } = test;
    const key = await seedApiKey(db);
    const ids = await seedManySubscriptions(db, 10_000, (i) => ({ externalId: `user-${i}` }));
    const users = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
    const created = await createApiNotification(db, parse({ title: "x", users }), key, NOW, SITE);
    expect(created.targeted).toBe(10_000);
    expect((await campaignOf(db, created.id)).priority).toBe(0);
    expect(await queuedSubscriptions(db, created.id)).toEqual(ids);
  }, 60_000);
});
