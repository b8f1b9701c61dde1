import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { segments } from "@/lib/db/schema/segments";
import { compileAudience, countAudience } from "@/lib/audience/compile";
import { AudienceInvalidError } from "@/lib/audience/errors";
import { SegmentNotFoundError, SegmentRulesInvalidError } from "@/lib/segments/errors";
import type { SegmentRules } from "@/lib/segments/schema";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic, daysAgo, idsWhere, NOW } from "../segments/factory";

const audience = (a: Partial<CampaignAudience> = {}): CampaignAudience => ({
  includeSegmentIds: [],
  excludeSegmentIds: [],
  includeTopicIds: [],
  excludeTopicIds: [],
  ...a,
});

function addSegment(db: Db, rules: unknown): number {
  return db.insert(segments).values({ name: "s", rules }).returning({ id: segments.id }).get().id;
}

describe("compileAudience", () => {
  let db: Db;
  let news: number, sport: number, deals: number;
  let s: Record<string, number>;

  beforeEach(() => {
    db = createTestDb();
    news = addTopic(db, "news");
    sport = addTopic(db, "sport");
    deals = addTopic(db, "deals");
    s = {
      enNews: addSubscription(db, { language: "en", topicIds: [news] }),
      deSport: addSubscription(db, { language: "de", pushService: "mozilla", topicIds: [sport] }),
      frBoth: addSubscription(db, { language: "fr", topicIds: [news, sport] }),
      enNone: addSubscription(db, { language: "en-GB", topicIds: [] }),
      nullDeals: addSubscription(db, { language: null, topicIds: [deals] }),
      goneNews: addSubscription(db, { status: "unsubscribed", p256dh: null, auth: null, topicIds: [news] }),
      expiredEn: addSubscription(db, { status: "expired", language: "en" }),
    };
  });

  const ids = (a: CampaignAudience) => idsWhere(db, compileAudience(db, a, NOW));

  it("reaches every active subscription when nothing is included, and never inactive ones", () => {
    expect(ids(audience())).toEqual([s.enNews, s.deSport, s.frBoth, s.enNone, s.nullDeals]);
    expect(countAudience(db, audience(), NOW)).toBe(5);
  });

  it("includes subscriptions on ANY of the included topics", () => {
    expect(ids(audience({ includeTopicIds: [news] }))).toEqual([s.enNews, s.frBoth]);
    expect(ids(audience({ includeTopicIds: [news, deals] }))).toEqual([s.enNews, s.frBoth, s.nullDeals]);
  });

  it("excludes subscriptions on any excluded topic", () => {
    expect(ids(audience({ excludeTopicIds: [sport] }))).toEqual([s.enNews, s.enNone, s.nullDeals]);
    expect(ids(audience({ includeTopicIds: [news], excludeTopicIds: [sport] }))).toEqual([s.enNews]);
  });

  it("unions included segments with included topics", () => {
    const english = addSegment(db, { match: "all", conditions: [{ kind: "language", op: "is", values: ["en"] }] });
    expect(ids(audience({ includeSegmentIds: [english] }))).toEqual([s.enNews, s.enNone]);
    expect(ids(audience({ includeSegmentIds: [english], includeTopicIds: [deals] }))).toEqual([
      s.enNews,
      s.enNone,
      s.nullDeals,
    ]);
  });

  it("excludes segments whose rules are NULL-prone without losing other rows", () => {
    // language "isNot de": a NULL language is "not de", so excluding it must also exclude nullDeals
    const notGerman = addSegment(db, { match: "all", conditions: [{ kind: "language", op: "isNot", values: ["de"] }] });
    expect(ids(audience({ excludeSegmentIds: [notGerman] }))).toEqual([s.deSport]);
    const german = addSegment(db, { match: "all", conditions: [{ kind: "language", op: "is", values: ["de"] }] });
    expect(ids(audience({ excludeSegmentIds: [german] }))).toEqual([s.enNews, s.frBoth, s.enNone, s.nullDeals]);
  });

  it("combines included and excluded segments and topics", () => {
    const mozilla = addSegment(db, {
      match: "all",
      conditions: [{ kind: "pushService", op: "is", values: ["mozilla"] }],
    });
    const english = addSegment(db, { match: "all", conditions: [{ kind: "language", op: "is", values: ["en"] }] });
    const a = audience({ includeTopicIds: [news, sport], excludeSegmentIds: [mozilla, english] });
    expect(ids(a)).toEqual([s.frBoth]);
    expect(countAudience(db, a, NOW)).toBe(1);
  });

  it("anchors relative rules of segments at the injected now", () => {
    const clicked = addSubscription(db, { lastClickedAt: daysAgo(3) });
    const rules: SegmentRules = { match: "all", conditions: [{ kind: "clicked", op: "within", days: 7 }] };
    const recent = addSegment(db, rules);
    expect(ids(audience({ includeSegmentIds: [recent] }))).toEqual([clicked]);
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    expect(idsWhere(db, compileAudience(db, audience({ includeSegmentIds: [recent] }), later))).toEqual([]);
  });

  it("throws a typed error naming every missing segment", () => {
    const real = addSegment(db, { match: "all", conditions: [] });
    const attempt = () =>
      compileAudience(db, audience({ includeSegmentIds: [real, 999], excludeSegmentIds: [998] }), NOW);
    expect(attempt).toThrow(SegmentNotFoundError);
    try {
      attempt();
    } catch (error) {
      expect((error as SegmentNotFoundError).segmentIds).toEqual([999, 998]);
    }
  });

  it("refuses a segment whose stored rules are not valid rules", () => {
    const broken = addSegment(db, { match: "all", conditions: [{ kind: "sql", value: "1=1" }] });
    expect(() => compileAudience(db, audience({ includeSegmentIds: [broken] }), NOW)).toThrow(SegmentRulesInvalidError);
  });

  it("refuses a stored audience that is not the audience shape, and accepts missing lists as empty", () => {
    const bad = [
      { includeSegmentIds: "1 or 1=1" },
      { includeTopicIds: [1.5] },
      null,
      { includeTopicIds: [news], excludeTopicIds: [news] },
    ];
    for (const value of bad) {
      expect(() => compileAudience(db, value as unknown as CampaignAudience, NOW), JSON.stringify(value)).toThrow(
        AudienceInvalidError,
      );
    }
    expect(ids({ includeTopicIds: [deals] } as unknown as CampaignAudience)).toEqual([s.nullDeals]);
  });

  it("is usable in INSERT … SELECT without loading subscribers", () => {
    const where = compileAudience(db, audience({ includeTopicIds: [news] }), NOW);
    const rows = db.all<{ id: number }>(sql`select id from subscriptions where ${where} order by id`);
    expect(rows.map((r) => r.id)).toEqual([s.enNews, s.frBoth]);
  });
});
