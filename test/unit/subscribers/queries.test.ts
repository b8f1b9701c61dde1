import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { auditLog, deliveries, subscriptions, subscriptionTopics } from "@/lib/db/schema";
import { countSubscribers, listSubscribers } from "@/lib/subscribers/queries";
import { getSubscriberDetail } from "@/lib/subscribers/detail";
import { deleteSubscriber, SubscriberNotFoundError } from "@/lib/subscribers/delete";
import { parseSubscriberFilter, filterToSearchParams } from "@/lib/subscribers/schema";
import { shortenEndpoint } from "@/lib/subscribers/endpoint-display";
import { addUser } from "@/test/support/users";
import { addDelivery, addSubscriber, addTopic } from "./factory";

const active = parseSubscriberFilter({});

describe("subscriber list", () => {
  it("counts the status view and the filtered list, past the first page", () => {
    const db = createTestDb();
    const news = addTopic(db, "news");
    for (let i = 0; i < 60; i++) addSubscriber(db, { language: i < 12 ? "de" : "en", topicIds: i < 5 ? [news] : [] });
    addSubscriber(db, { status: "unsubscribed", language: "de" });
    const counted = (query: Record<string, string>) => countSubscribers(db, parseSubscriberFilter(query));
    expect(counted({})).toEqual({ total: 60, matching: 60 });
    expect(counted({ status: "all" })).toEqual({ total: 61, matching: 61 });
    expect(counted({ language: "de" })).toEqual({ total: 60, matching: 12 });
    expect(counted({ language: "de", status: "all" })).toEqual({ total: 61, matching: 13 });
    expect(counted({ language: "de", topic: String(news) })).toEqual({ total: 60, matching: 5 });
    expect(counted({ language: "fr" })).toEqual({ total: 60, matching: 0 });
    expect(counted({ to: "2000-01-01" })).toEqual({ total: 60, matching: 0 });
  });

  it("pages newest first with a keyset cursor and never repeats or skips a row", () => {
    const db = createTestDb();
    const ids = Array.from({ length: 7 }, () => addSubscriber(db).id);
    const seen: number[] = [];
    let after: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = listSubscribers(db, active, { after, limit: 3 });
      seen.push(...page.rows.map((row) => row.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("applies every filter and combines them", () => {
    const db = createTestDb();
    const news = addTopic(db, "news");
    const a = addSubscriber(db, {
      pushService: "mozilla",
      browser: "firefox",
      platform: "linux",
      language: "de",
      topicIds: [news],
      createdAt: new Date("2026-01-10T08:00:00Z"),
    }).id;
    const b = addSubscriber(db, {
      pushService: "fcm",
      browser: "chrome",
      platform: "android",
      language: "en",
      createdAt: new Date("2026-02-10T08:00:00Z"),
    }).id;
    const c = addSubscriber(db, {
      status: "unsubscribed",
      pushService: "apple",
      browser: "safari",
      platform: "ios",
      language: null,
    }).id;
    const ids = (query: Record<string, string>) =>
      listSubscribers(db, parseSubscriberFilter(query)).rows.map((row) => row.id);
    expect(ids({})).toEqual([b, a]);
    expect(ids({ status: "all" })).toEqual([c, b, a]);
    expect(ids({ status: "unsubscribed" })).toEqual([c]);
    expect(ids({ topic: String(news) })).toEqual([a]);
    expect(ids({ pushService: "mozilla" })).toEqual([a]);
    expect(ids({ browser: "chrome" })).toEqual([b]);
    expect(ids({ platform: "linux" })).toEqual([a]);
    expect(ids({ language: "en" })).toEqual([b]);
    expect(ids({ from: "2026-02-01" })).toEqual([b]);
    expect(ids({ to: "2026-01-10" })).toEqual([a]);
    expect(ids({ from: "2026-01-10", to: "2026-01-10", pushService: "mozilla" })).toEqual([a]);
    expect(ids({ pushService: "fcm", browser: "firefox" })).toEqual([]);
  });

  it("drops malformed and hostile filter values instead of failing or injecting", () => {
    const db = createTestDb();
    const id = addSubscriber(db).id;
    const filter = parseSubscriberFilter({
      status: "bogus",
      pushService: "x' OR 1=1 --",
      browser: "a b",
      from: "yesterday",
      topic: "-1",
      after: "abc",
      language: ["en", "de"],
    });
    expect(filter).toEqual({ status: "active", language: "en" });
    expect(listSubscribers(db, filter).rows.map((row) => row.id)).toEqual([id]);
    expect(filterToSearchParams({ ...filter, status: "all" }).toString()).toBe("status=all&language=en");
  });

  it("shows endpoints shortened, never whole, and no keys", () => {
    const db = createTestDb();
    const { endpoint } = addSubscriber(db);
    const [row] = listSubscribers(db, active).rows;
    expect(row!.endpoint).toBe(`fcm.googleapis.com/…${endpoint.slice(-6)}`);
    expect(JSON.stringify(row)).not.toContain(endpoint);
    expect(JSON.stringify(row)).not.toMatch(/p256dh|auth/);
    expect(shortenEndpoint("not a url")).toBe("invalid/… a url");
  });
});

describe("subscriber detail", () => {
  it("lists topics, times and delivered campaigns with their receipts", () => {
    const db = createTestDb();
    const news = addTopic(db, "news");
    const { id, endpoint } = addSubscriber(db, { topicIds: [news] });
    const campaignId = addDelivery(db, id, "Spring sale", ["shown", "clicked"]);
    const detail = getSubscriberDetail(db, id, "current-key")!;
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
    expect(getSubscriberDetail(db, id, "rotated-key")!.madeWithCurrentKey).toBe(false);
    expect(getSubscriberDetail(db, 9999, "current-key")).toBeNull();
  });
});

describe("deleting a subscriber for good", () => {
  it("removes the row with its topics and deliveries, and audits it without the endpoint", async () => {
    const db = createTestDb();
    const editor = await addUser(db, "editor", "editor@example.com");
    const news = addTopic(db, "news");
    const { id, endpoint } = addSubscriber(db, { topicIds: [news] });
    addDelivery(db, id);
    const keep = addSubscriber(db).id;
    deleteSubscriber(db, id, { id: editor.id, email: editor.email });
    expect(
      db
        .select()
        .from(subscriptions)
        .all()
        .map((row) => row.id),
    ).toEqual([keep]);
    expect(db.select().from(subscriptionTopics).all()).toEqual([]);
    expect(db.select().from(deliveries).where(eq(deliveries.subscriptionId, id)).all()).toEqual([]);
    const [entry] = db.select().from(auditLog).all();
    expect(entry).toMatchObject({
      action: "subscriber.delete",
      actorEmail: "editor@example.com",
      targetId: String(id),
    });
    expect(JSON.stringify(entry)).not.toContain(endpoint);
  });

  it("refuses an unknown id without writing an audit entry", () => {
    const db = createTestDb();
    expect(() => deleteSubscriber(db, 42, null)).toThrow(SubscriberNotFoundError);
    expect(db.select().from(auditLog).all()).toEqual([]);
  });
});
