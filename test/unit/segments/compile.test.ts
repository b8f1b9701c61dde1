import { beforeEach, describe, expect, it } from "vitest";
import { not } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { compileSegmentRules } from "@/lib/segments/compile";
import type { Condition, SegmentRules } from "@/lib/segments/schema";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic, daysAgo, idsWhere, NOW } from "./factory";

const all = (...conditions: SegmentRules["conditions"]): SegmentRules => ({ match: "all", conditions });
const any = (...conditions: SegmentRules["conditions"]): SegmentRules => ({ match: "any", conditions });

describe("compileSegmentRules", () => {
  let db: Db;
  let news: number, sport: number, deals: number;
  let a: number, b: number, c: number, d: number, e: number;
  const ids = (rules: SegmentRules, now = NOW) => idsWhere(db, compileSegmentRules(rules, now));

  beforeEach(() => {
    db = createTestDb();
    news = addTopic(db, "news");
    sport = addTopic(db, "sport");
    deals = addTopic(db, "deals");
    a = addSubscription(db, {
      topicIds: [news],
      pushService: "fcm",
      browser: "chrome",
      platform: "android",
      language: "en-US",
      createdAt: daysAgo(100),
      lastSeenAt: daysAgo(2),
      lastClickedAt: daysAgo(1),
    });
    b = addSubscription(db, {
      topicIds: [news, sport],
      pushService: "mozilla",
      browser: "firefox",
      platform: "linux",
      language: "de",
      createdAt: daysAgo(50),
      lastSeenAt: daysAgo(40),
      lastClickedAt: daysAgo(10),
    });
    c = addSubscription(db, {
      topicIds: [sport],
      pushService: "apple",
      browser: "safari",
      platform: "ios",
      language: "EN",
      createdAt: daysAgo(10),
      lastSeenAt: null,
      lastClickedAt: null,
    });
    d = addSubscription(db, {
      topicIds: [],
      pushService: "wns",
      browser: "edge",
      platform: "windows",
      language: null,
      createdAt: daysAgo(5),
      lastSeenAt: daysAgo(5),
      lastClickedAt: daysAgo(7),
    });
    e = addSubscription(db, {
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

  it("matches everyone with no conditions, in either mode", () => {
    expect(ids(all())).toEqual([a, b, c, d, e]);
    expect(ids(any())).toEqual([a, b, c, d, e]);
  });

  it("topics: any, all and none of a list", () => {
    expect(ids(all({ kind: "topics", match: "any", topicIds: [news] }))).toEqual([a, b, e]);
    expect(ids(all({ kind: "topics", match: "any", topicIds: [deals, sport] }))).toEqual([b, c, e]);
    expect(ids(all({ kind: "topics", match: "all", topicIds: [news, sport] }))).toEqual([b, e]);
    expect(ids(all({ kind: "topics", match: "all", topicIds: [news, sport, deals, deals] }))).toEqual([e]);
    expect(ids(all({ kind: "topics", match: "none", topicIds: [news] }))).toEqual([c, d]);
    expect(ids(all({ kind: "topics", match: "none", topicIds: [news, sport] }))).toEqual([d]);
    expect(ids(all({ kind: "topics", match: "any", topicIds: [9999] }))).toEqual([]);
  });

  it("push service, browser and platform: is / is not", () => {
    expect(ids(all({ kind: "pushService", op: "is", values: ["fcm", "apple"] }))).toEqual([a, c, e]);
    expect(ids(all({ kind: "pushService", op: "isNot", values: ["fcm"] }))).toEqual([b, c, d]);
    expect(ids(all({ kind: "browser", op: "is", values: ["firefox", "safari"] }))).toEqual([b, c]);
    expect(ids(all({ kind: "browser", op: "isNot", values: ["chrome"] }))).toEqual([b, c, d]);
    expect(ids(all({ kind: "platform", op: "is", values: ["windows"] }))).toEqual([d, e]);
    expect(ids(all({ kind: "platform", op: "isNot", values: ["windows", "ios"] }))).toEqual([a, b]);
  });

  it("language matches the tag and its regional variants, case-insensitively, never a mere prefix", () => {
    expect(ids(all({ kind: "language", op: "is", values: ["en"] }))).toEqual([a, c]);
    expect(ids(all({ kind: "language", op: "is", values: ["en-us"] }))).toEqual([a]);
    expect(ids(all({ kind: "language", op: "is", values: ["english"] }))).toEqual([e]);
    // unknown language (NULL) is "not en"
    expect(ids(all({ kind: "language", op: "isNot", values: ["en"] }))).toEqual([b, d, e]);
  });

  it("subscribed before / after: before is strictly earlier, after includes the instant", () => {
    const boundary = daysAgo(10).toISOString(); // c subscribed exactly then
    expect(ids(all({ kind: "subscribed", op: "before", date: boundary }))).toEqual([a, b]);
    expect(ids(all({ kind: "subscribed", op: "after", date: boundary }))).toEqual([c, d, e]);
    expect(ids(all({ kind: "subscribed", op: "after", date: "2025-06-10" }))).toEqual([d, e]); // a calendar day is UTC midnight
  });

  it("last active before / after: never seen counts as inactive", () => {
    const boundary = daysAgo(5).toISOString(); // d was last seen exactly then
    expect(ids(all({ kind: "lastActive", op: "before", date: boundary }))).toEqual([b, c]);
    expect(ids(all({ kind: "lastActive", op: "after", date: boundary }))).toEqual([a, d, e]);
  });

  it("clicked within / not within the last N days, relative to the injected now", () => {
    expect(ids(all({ kind: "clicked", op: "within", days: 7 }))).toEqual([a, d]); // d clicked exactly 7 days ago
    expect(ids(all({ kind: "clicked", op: "notWithin", days: 7 }))).toEqual([b, c, e]);
    expect(ids(all({ kind: "clicked", op: "within", days: 30 }))).toEqual([a, b, d]);
    const aWeekLater = new Date(NOW.getTime() + 7 * 86_400_000);
    expect(ids(all({ kind: "clicked", op: "within", days: 7 }), aWeekLater)).toEqual([]);
    expect(ids(all({ kind: "clicked", op: "within", days: 8 }), aWeekLater)).toEqual([a]);
  });

  it("combines conditions with all / any", () => {
    const fcm: Condition = { kind: "pushService", op: "is", values: ["fcm"] };
    const sportFans: Condition = { kind: "topics", match: "any", topicIds: [sport] };
    expect(ids(all(fcm, sportFans))).toEqual([e]);
    expect(ids(any(fcm, sportFans))).toEqual([a, b, c, e]);
  });

  it("supports one level of groups", () => {
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
    expect(ids(rules)).toEqual([b, c, d]);
    expect(
      ids(
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

  it("every condition's negation is exactly its complement (no NULL holes)", () => {
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
      const where = compileSegmentRules(all(condition), NOW);
      const yes = idsWhere(db, where);
      const no = idsWhere(db, not(where));
      expect(
        [...yes, ...no].sort((x, y) => x - y),
        JSON.stringify(condition),
      ).toEqual(everyone);
    }
  });

  it("treats hostile strings as plain values", () => {
    const hostile = "en'); drop table subscriptions;--";
    const weird = addSubscription(db, { language: hostile, browser: `"chrome" OR 1=1`, platform: "%" });
    expect(ids(all({ kind: "language", op: "is", values: [hostile] }))).toEqual([weird]);
    expect(ids(all({ kind: "browser", op: "is", values: [`"chrome" OR 1=1`] }))).toEqual([weird]);
    expect(ids(all({ kind: "platform", op: "is", values: ["%"] }))).toEqual([weird]);
    expect(ids(all({ kind: "language", op: "is", values: ["' or '1'='1"] }))).toEqual([]);
    expect(ids(all())).toHaveLength(6); // the table is still there
  });

  it("binds every value as a parameter", () => {
    const hostile = "en'); drop table subscriptions;--";
    const query = db
      .select()
      .from(subscriptions)
      .where(compileSegmentRules(all({ kind: "language", op: "is", values: [hostile] }), NOW))
      .toSQL();
    expect(query.sql).not.toContain("drop table");
    expect(query.params).toContain(hostile.toLowerCase());
  });
});
