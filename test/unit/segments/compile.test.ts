import { beforeEach, describe, expect, it } from "vitest";
import { not } from "drizzle-orm";
import { compileSegmentRules } from "@/lib/segments/compile";
import type { Condition, SegmentRules } from "@/lib/segments/schema";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import { daysAgo, idsMatching, NOW } from "./factory";

const all = (...conditions: SegmentRules["conditions"]): SegmentRules => ({ match: "all", conditions });
const any = (...conditions: SegmentRules["conditions"]): SegmentRules => ({ match: "any", conditions });

describe.each(ENGINES)("compileSegmentRules on %s", (engine) => {
  const test = useTestDb(engine);
  let news: number, sport: number, deals: number;
  let a: number, b: number, c: number, d: number, e: number;
  const ids = (rules: SegmentRules, now = NOW) => idsMatching(test.db, compileSegmentRules(test.db.tables, rules, now));

  beforeEach(async () => {
    const db = test.db;
    news = await seedTopic(db, { slug: "news" });
    sport = await seedTopic(db, { slug: "sport" });
    deals = await seedTopic(db, { slug: "deals" });
    a = await seedSubscription(db, {
      topicIds: [news],
      pushService: "fcm",
      browser: "chrome",
      platform: "android",
      language: "en-US",
      createdAt: daysAgo(100),
      lastSeenAt: daysAgo(2),
      lastClickedAt: daysAgo(1),
    });
    b = await seedSubscription(db, {
      topicIds: [news, sport],
      pushService: "mozilla",
      browser: "firefox",
      platform: "linux",
      language: "de",
      createdAt: daysAgo(50),
      lastSeenAt: daysAgo(40),
      lastClickedAt: daysAgo(10),
    });
    c = await seedSubscription(db, {
      topicIds: [sport],
      pushService: "apple",
      browser: "safari",
      platform: "ios",
      language: "EN",
      createdAt: daysAgo(10),
      lastSeenAt: null,
      lastClickedAt: null,
    });
    d = await seedSubscription(db, {
      topicIds: [],
      pushService: "wns",
      browser: "edge",
      platform: "windows",
      language: null,
      createdAt: daysAgo(5),
      lastSeenAt: daysAgo(5),
      lastClickedAt: daysAgo(7),
    });
    e = await seedSubscription(db, {
      topicIds: [news, sport, deals],
      pushService: "fcm",
      browser: "chrome",
      platform: "windows",
      language: "english",
      createdAt: daysAgo(1),
      lastSeenAt: daysAgo(0),
      lastClickedAt: null,
    });
  });

  it("matches everyone with no conditions, in either mode", async () => {
    expect(await ids(all())).toEqual([a, b, c, d, e]);
    expect(await ids(any())).toEqual([a, b, c, d, e]);
  });

  it("topics: any, all and none of a list", async () => {
    expect(await ids(all({ kind: "topics", match: "any", topicIds: [news] }))).toEqual([a, b, e]);
    expect(await ids(all({ kind: "topics", match: "any", topicIds: [deals, sport] }))).toEqual([b, c, e]);
    expect(await ids(all({ kind: "topics", match: "all", topicIds: [news, sport] }))).toEqual([b, e]);
    expect(await ids(all({ kind: "topics", match: "all", topicIds: [news, sport, deals, deals] }))).toEqual([e]);
    expect(await ids(all({ kind: "topics", match: "none", topicIds: [news] }))).toEqual([c, d]);
    expect(await ids(all({ kind: "topics", match: "none", topicIds: [news, sport] }))).toEqual([d]);
    expect(await ids(all({ kind: "topics", match: "any", topicIds: [9999] }))).toEqual([]);
  });

  it("push service, browser and platform: is / is not", async () => {
    expect(await ids(all({ kind: "pushService", op: "is", values: ["fcm", "apple"] }))).toEqual([a, c, e]);
    expect(await ids(all({ kind: "pushService", op: "isNot", values: ["fcm"] }))).toEqual([b, c, d]);
    expect(await ids(all({ kind: "browser", op: "is", values: ["firefox", "safari"] }))).toEqual([b, c]);
    expect(await ids(all({ kind: "browser", op: "isNot", values: ["chrome"] }))).toEqual([b, c, d]);
    expect(await ids(all({ kind: "platform", op: "is", values: ["windows"] }))).toEqual([d, e]);
    expect(await ids(all({ kind: "platform", op: "isNot", values: ["windows", "ios"] }))).toEqual([a, b]);
  });

  it("language matches the tag and its regional variants, case-insensitively, never a mere prefix", async () => {
    expect(await ids(all({ kind: "language", op: "is", values: ["en"] }))).toEqual([a, c]);
    expect(await ids(all({ kind: "language", op: "is", values: ["en-us"] }))).toEqual([a]);
    expect(await ids(all({ kind: "language", op: "is", values: ["english"] }))).toEqual([e]);
    // unknown language (NULL) is "not en"
    expect(await ids(all({ kind: "language", op: "isNot", values: ["en"] }))).toEqual([b, d, e]);
  });

  it("subscribed before / after: before is strictly earlier, after includes the instant", async () => {
    const boundary = daysAgo(10).toISOString(); // c subscribed exactly then
    expect(await ids(all({ kind: "subscribed", op: "before", date: boundary }))).toEqual([a, b]);
    expect(await ids(all({ kind: "subscribed", op: "after", date: boundary }))).toEqual([c, d, e]);
    expect(await ids(all({ kind: "subscribed", op: "after", date: "2025-06-10" }))).toEqual([d, e]); // a calendar day is UTC midnight
  });

  it("last active before / after: never seen counts as inactive", async () => {
    const boundary = daysAgo(5).toISOString(); // d was last seen exactly then
    expect(await ids(all({ kind: "lastActive", op: "before", date: boundary }))).toEqual([b, c]);
    expect(await ids(all({ kind: "lastActive", op: "after", date: boundary }))).toEqual([a, d, e]);
  });

  it("clicked within / not within the last N days, relative to the injected now", async () => {
    expect(await ids(all({ kind: "clicked", op: "within", days: 7 }))).toEqual([a, d]); // d clicked exactly 7 days ago
    expect(await ids(all({ kind: "clicked", op: "notWithin", days: 7 }))).toEqual([b, c, e]);
    expect(await ids(all({ kind: "clicked", op: "within", days: 30 }))).toEqual([a, b, d]);
    const aWeekLater = new Date(NOW.getTime() + 7 * 86_400_000);
    expect(await ids(all({ kind: "clicked", op: "within", days: 7 }), aWeekLater)).toEqual([]);
    expect(await ids(all({ kind: "clicked", op: "within", days: 8 }), aWeekLater)).toEqual([a]);
  });

  it("combines conditions with all / any", async () => {
    const fcm: Condition = { kind: "pushService", op: "is", values: ["fcm"] };
    const sportFans: Condition = { kind: "topics", match: "any", topicIds: [sport] };
    expect(await ids(all(fcm, sportFans))).toEqual([e]);
    expect(await ids(any(fcm, sportFans))).toEqual([a, b, c, e]);
  });

  it("supports one level of groups", async () => {
    // (windows AND no news) OR (firefox) OR (safari AND never clicked)
    const rules = any(
      {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "platform", op: "is", values: ["windows"] },
          { kind: "topics", match: "none", topicIds: [news] },
        ],
      },
      { kind: "browser", op: "is", values: ["firefox"] },
      {
        kind: "group",
        match: "all",
        conditions: [
          { kind: "browser", op: "is", values: ["safari"] },
          { kind: "clicked", op: "notWithin", days: 3650 },
        ],
      },
    );
    expect(await ids(rules)).toEqual([b, c, d]);
    expect(
      await ids(
        all(
          {
            kind: "group",
            match: "any",
            conditions: [
              { kind: "language", op: "is", values: ["de"] },
              { kind: "platform", op: "is", values: ["ios"] },
            ],
          },
          { kind: "topics", match: "any", topicIds: [sport] },
        ),
      ),
    ).toEqual([b, c]);
  });

  it("every condition's negation is exactly its complement (no NULL holes)", async () => {
    const everyone = [a, b, c, d, e];
    const conditions: Condition[] = [
      { kind: "topics", match: "any", topicIds: [news] },
      { kind: "topics", match: "all", topicIds: [news, sport] },
      { kind: "topics", match: "none", topicIds: [sport] },
      { kind: "pushService", op: "isNot", values: ["fcm"] },
      { kind: "browser", op: "is", values: ["chrome"] },
      { kind: "platform", op: "isNot", values: ["linux"] },
      { kind: "language", op: "is", values: ["en"] },
      { kind: "language", op: "isNot", values: ["de"] },
      { kind: "subscribed", op: "before", date: "2025-06-01" },
      { kind: "lastActive", op: "before", date: "2025-06-10" },
      { kind: "lastActive", op: "after", date: "2025-06-10" },
      { kind: "clicked", op: "within", days: 5 },
      { kind: "clicked", op: "notWithin", days: 5 },
    ];
    for (const condition of conditions) {
      const where = compileSegmentRules(test.db.tables, all(condition), NOW);
      const yes = await idsMatching(test.db, where);
      const no = await idsMatching(test.db, not(where));
      expect(
        [...yes, ...no].sort((x, y) => x - y),
        JSON.stringify(condition),
      ).toEqual(everyone);
    }
  });

  it("treats hostile strings as plain values", async () => {
    const hostile = "en'); drop table subscriptions;--";
    const weird = await seedSubscription(test.db, { language: hostile, browser: `"chrome" OR 1=1`, platform: "%" });
    expect(await ids(all({ kind: "language", op: "is", values: [hostile] }))).toEqual([weird]);
    expect(await ids(all({ kind: "browser", op: "is", values: [`"chrome" OR 1=1`] }))).toEqual([weird]);
    expect(await ids(all({ kind: "platform", op: "is", values: ["%"] }))).toEqual([weird]);
    expect(await ids(all({ kind: "language", op: "is", values: ["' or '1'='1"] }))).toEqual([]);
    expect(await ids(all())).toHaveLength(6); // the table is still there
  });

  it("binds every value as a parameter", async () => {
    const hostile = "en'); drop table subscriptions;--";
    const { subscriptions } = test.db.tables;
    const query = test.db
      .select()
      .from(subscriptions)
      .where(compileSegmentRules(test.db.tables, all({ kind: "language", op: "is", values: [hostile] }), NOW))
      .toSQL();
    expect(query.sql).not.toContain("drop table");
    expect(query.params).toContain(hostile.toLowerCase());
  });
});
