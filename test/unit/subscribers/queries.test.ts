import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { countSubscribers, listSubscribers, subscriberFilterOptions } from "@/lib/subscribers/queries";
import { getSubscriberDetail } from "@/lib/subscribers/detail";
import { deleteSubscriber, SubscriberNotFoundError } from "@/lib/subscribers/delete";
import { parseSubscriberFilter, filterToSearchParams } from "@/lib/subscribers/schema";
import { shortenEndpoint } from "@/lib/subscribers/endpoint-display";
import { ENGINES, useTestDb } from "@/test/support/databases";
import {
  DELIVERED_AT,
  seedCampaign,
  seedDelivery,
  seedReceipt,
  seedSubscription,
  seedTopic,
  seedUser,
} from "@/test/support/seeds";

const active = parseSubscriberFilter({});

/** A sent campaign "Spring sale" with an accepted delivery to the subscription, and these receipts. */
async function deliveredTo(db: Db, subscriptionId: number, kinds: ("shown" | "clicked")[] = []): Promise<number> {
  const campaignId = await seedCampaign(db, { title: "Spring sale", status: "sent" });
  const deliveryId = await seedDelivery(db, {
    campaignId,
    subscriptionId,
    status: "accepted",
    attempts: 1,
    statusCode: 201,
    acceptedAt: DELIVERED_AT,
  });
  for (const kind of kinds) await seedReceipt(db, { campaignId, deliveryId, kind });
  return campaignId;
}

describe.each(ENGINES)("subscriber list on %s", (engine) => {
  const test = useTestDb(engine);

  it("counts the status view and the filtered list, past the first page", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news" });
    for (let i = 0; i < 60; i++)
      await seedSubscription(db, { language: i < 12 ? "de" : "en", topicIds: i < 5 ? [news] : [] });
    await seedSubscription(db, { status: "unsubscribed", language: "de" });
    const counted = (query: Record<string, string>) => countSubscribers(db, parseSubscriberFilter(query));
    expect(await counted({})).toEqual({ total: 60, matching: 60 });
    expect(await counted({ status: "all" })).toEqual({ total: 61, matching: 61 });
    expect(await counted({ language: "de" })).toEqual({ total: 60, matching: 12 });
    expect(await counted({ language: "de", status: "all" })).toEqual({ total: 61, matching: 13 });
    expect(await counted({ language: "de", topic: String(news) })).toEqual({ total: 60, matching: 5 });
    expect(await counted({ language: "fr" })).toEqual({ total: 60, matching: 0 });
    expect(await counted({ to: "2000-01-01" })).toEqual({ total: 60, matching: 0 });
  });

  it("pages newest first with a keyset cursor and never repeats or skips a row", async () => {
    const db = test.db;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await seedSubscription(db));
    const seen: number[] = [];
    let after: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listSubscribers(db, active, { after, limit: 3 });
      seen.push(...page.rows.map((row) => row.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("applies every filter and combines them", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news" });
    const a = await seedSubscription(db, {
      pushService: "mozilla",
      browser: "firefox",
      platform: "linux",
      language: "de",
      topicIds: [news],
      createdAt: new Date("2026-01-10T08:00:00Z"),
      externalId: "user-42",
    });
    const b = await seedSubscription(db, {
      pushService: "fcm",
      browser: "chrome",
      platform: "android",
      language: "en",
      createdAt: new Date("2026-02-10T08:00:00Z"),
    });
    const c = await seedSubscription(db, {
      status: "unsubscribed",
      pushService: "apple",
      browser: "safari",
      platform: "ios",
      language: null,
    });
    const ids = async (query: Record<string, string>) =>
      (await listSubscribers(db, parseSubscriberFilter(query))).rows.map((row) => row.id);
    expect(await ids({})).toEqual([b, a]);
    expect(await ids({ status: "all" })).toEqual([c, b, a]);
    expect(await ids({ status: "unsubscribed" })).toEqual([c]);
    expect(await ids({ topic: String(news) })).toEqual([a]);
    expect(await ids({ pushService: "mozilla" })).toEqual([a]);
    expect(await ids({ browser: "chrome" })).toEqual([b]);
    expect(await ids({ platform: "linux" })).toEqual([a]);
    expect(await ids({ language: "en" })).toEqual([b]);
    expect(await ids({ from: "2026-02-01" })).toEqual([b]);
    expect(await ids({ to: "2026-01-10" })).toEqual([a]);
    expect(await ids({ from: "2026-01-10", to: "2026-01-10", pushService: "mozilla" })).toEqual([a]);
    expect(await ids({ pushService: "fcm", browser: "firefox" })).toEqual([]);
    expect(await ids({ user: "user-42" })).toEqual([a]);
    expect(await ids({ user: "User-42" })).toEqual([]); // exact, as the site stores it
    expect(await ids({ user: "user-42", pushService: "fcm" })).toEqual([]);
    expect(await countSubscribers(db, parseSubscriberFilter({ user: "user-42" }))).toEqual({ total: 2, matching: 1 });
    expect((await listSubscribers(db, parseSubscriberFilter({ user: "user-42" }))).rows[0]).toMatchObject({
      externalId: "user-42",
    });
  });

  it("takes a day range in UTC, both ends included, and pages through it", async () => {
    const db = test.db;
    const at = async (iso: string) => await seedSubscription(db, { createdAt: new Date(iso) });
    await at("2026-01-31T23:59:59.999Z");
    const first = await at("2026-02-01T00:00:00.000Z");
    const middle = await at("2026-02-14T12:00:00.000Z");
    const last = await at("2026-02-28T23:59:59.999Z");
    await at("2026-03-01T00:00:00.000Z");
    const range = parseSubscriberFilter({ from: "2026-02-01", to: "2026-02-28" });
    const page = await listSubscribers(db, range, { limit: 2 });
    expect(page.rows.map((row) => row.id)).toEqual([last, middle]);
    const rest = await listSubscribers(db, range, { after: page.nextCursor!, limit: 2 });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.rows.map((row) => row.id)).toEqual([first]);
    expect(await countSubscribers(db, range)).toEqual({ total: 5, matching: 3 });
    expect((await listSubscribers(db, parseSubscriberFilter({ to: "2026-01-31" }))).rows).toHaveLength(1);
  });

  it("offers the values present for the pickers, without blanks", async () => {
    const db = test.db;
    await seedSubscription(db, { browser: "firefox", platform: "linux", language: null });
    await seedSubscription(db, { browser: "chrome", platform: "android", language: "de" });
    await seedSubscription(db, { browser: "chrome", platform: "", language: "en" });
    expect(await subscriberFilterOptions(db)).toEqual({
      browsers: ["chrome", "firefox"],
      platforms: ["android", "linux"],
      languages: ["de", "en"],
    });
  });

  it("drops malformed and hostile filter values instead of failing or injecting", async () => {
    const db = test.db;
    const id = await seedSubscription(db);
    const filter = parseSubscriberFilter({
      status: "bogus",
      pushService: "x' OR 1=1 --",
      browser: "a b",
      from: "yesterday",
      topic: "-1",
      after: "abc",
      language: ["en", "de"],
      user: " padded ",
    });
    expect(filter).toEqual({ status: "active", language: "en" });
    expect((await listSubscribers(db, filter)).rows.map((row) => row.id)).toEqual([id]);
    expect(filterToSearchParams({ ...filter, status: "all" }).toString()).toBe("status=all&language=en");
  });

  it("shows endpoints shortened, never whole, and no keys", async () => {
    const db = test.db;
    const endpoint = "https://fcm.googleapis.com/fcm/send/secret-shortened";
    await seedSubscription(db, { endpoint });
    const [row] = (await listSubscribers(db, active)).rows;
    expect(row!.endpoint).toBe(`fcm.googleapis.com/…${endpoint.slice(-6)}`);
    expect(JSON.stringify(row)).not.toContain(endpoint);
    expect(JSON.stringify(row)).not.toMatch(/p256dh|auth/);
    expect(shortenEndpoint("not a url")).toBe("invalid/… a url");
  });
});

describe.each(ENGINES)("subscriber detail on %s", (engine) => {
  const test = useTestDb(engine);

  it("lists topics, times and delivered campaigns with their receipts", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news", name: "News" });
    const endpoint = "https://fcm.googleapis.com/fcm/send/secret-detail";
    const id = await seedSubscription(db, { endpoint, topicIds: [news], externalId: "user-42" });
    const campaignId = await deliveredTo(db, id, ["shown", "clicked"]);
    const detail = (await getSubscriberDetail(db, id, "current-key"))!;
    expect(detail.externalId).toBe("user-42");
    expect(detail.topics).toEqual([{ id: news, name: "News", archived: false }]);
    expect(detail.madeWithCurrentKey).toBe(true);
    expect(detail.deliveries).toEqual([
      expect.objectContaining({
        campaignId,
        campaignTitle: "Spring sale",
        status: "accepted",
        statusCode: 201,
        receipts: ["shown", "clicked"],
      }),
    ]);
    expect(JSON.stringify(detail)).not.toContain(endpoint);
    expect((await getSubscriberDetail(db, id, "rotated-key"))!.madeWithCurrentKey).toBe(false);
    expect(await getSubscriberDetail(db, 9999, "current-key")).toBeNull();
  });
});

describe.each(ENGINES)("deleting a subscriber for good on %s", (engine) => {
  const test = useTestDb(engine);

  it("removes the row with its topics and deliveries, and audits it without the endpoint", async () => {
    const db = test.db;
    const { auditLog, deliveries, subscriptions, subscriptionTopics } = db.tables;
    const editor = await seedUser(db, { email: "editor@example.com" });
    const news = await seedTopic(db, { slug: "news" });
    const endpoint = "https://fcm.googleapis.com/fcm/send/secret-deleted";
    const id = await seedSubscription(db, { endpoint, topicIds: [news] });
    await deliveredTo(db, id);
    const keep = await seedSubscription(db);
    await deleteSubscriber(db, id, { id: editor.id, email: editor.email });
    expect((await db.select().from(subscriptions)).map((row) => row.id)).toEqual([keep]);
    expect(await db.select().from(subscriptionTopics)).toEqual([]);
    expect(await db.select().from(deliveries).where(eq(deliveries.subscriptionId, id))).toEqual([]);
    const [entry] = await db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(entry).toMatchObject({
      action: "subscriber.delete",
      actorEmail: "editor@example.com",
      targetId: String(id),
    });
    expect(JSON.stringify(entry)).not.toContain(endpoint);
  });

  it("refuses an unknown id without writing an audit entry", async () => {
    const db = test.db;
    await expect(deleteSubscriber(db, 42, null)).rejects.toThrow(SubscriberNotFoundError);
    expect(await db.select().from(db.tables.auditLog)).toEqual([]);
  });
});
