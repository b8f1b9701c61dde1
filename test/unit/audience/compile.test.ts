import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { compileAudience, countAudience } from "@/lib/audience/compile";
import { compileAudienceSync } from "@/lib/audience/compile-sync";
import { AudienceInvalidError } from "@/lib/audience/errors";
import { SegmentNotFoundError, SegmentRulesInvalidError } from "@/lib/segments/errors";
import type { SegmentRules } from "@/lib/segments/schema";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import { daysAgo, idsMatching, idsWhere, NOW } from "../segments/factory";

const audience = (a: Partial<CampaignAudience> = {}): CampaignAudience => ({
  includeSegmentIds: [],
  excludeSegmentIds: [],
  includeTopicIds: [],
  excludeTopicIds: [],
  ...a,
});

async function addSegment(db: Db, rules: unknown): Promise<number> {
  const { segments } = db.tables;
  const [segment] = await db.insert(segments).values({ name: "s", rules }).returning({ id: segments.id });
  return segment!.id;
}

/** Three topics and seven subscriptions, two of them inactive. */
async function seedAudienceFixture(db: Db) {
  const news = await seedTopic(db, { slug: "news" });
  const sport = await seedTopic(db, { slug: "sport" });
  const deals = await seedTopic(db, { slug: "deals" });
  const s = {
    enNews: await seedSubscription(db, { language: "en", topicIds: [news] }),
    deSport: await seedSubscription(db, { language: "de", pushService: "mozilla", topicIds: [sport] }),
    frBoth: await seedSubscription(db, { language: "fr", topicIds: [news, sport] }),
    enNone: await seedSubscription(db, { language: "en-GB", topicIds: [] }),
    nullDeals: await seedSubscription(db, { language: null, topicIds: [deals] }),
    goneNews: await seedSubscription(db, { status: "unsubscribed", p256dh: null, auth: null, topicIds: [news] }),
    expiredEn: await seedSubscription(db, { status: "expired", language: "en" }),
  };
  return { news, sport, deals, s };
}

describe.each(ENGINES)("compileAudience on %s", (engine) => {
  const test = useTestDb(engine);
  let news: number, sport: number, deals: number;
  let s: Record<string, number>;

  beforeEach(async () => {
    ({ news, sport, deals, s } = await seedAudienceFixture(test.db));
  });

  const ids = async (a: CampaignAudience, now = NOW) => idsMatching(test.db, await compileAudience(test.db, a, now));

  it("reaches every active subscription when nothing is included, and never inactive ones", async () => {
    expect(await ids(audience())).toEqual([s.enNews, s.deSport, s.frBoth, s.enNone, s.nullDeals]);
    expect(await countAudience(test.db, audience(), NOW)).toBe(5);
  });

  it("includes subscriptions on ANY of the included topics", async () => {
    expect(await ids(audience({ includeTopicIds: [news] }))).toEqual([s.enNews, s.frBoth]);
    expect(await ids(audience({ includeTopicIds: [news, deals] }))).toEqual([s.enNews, s.frBoth, s.nullDeals]);
  });

  it("excludes subscriptions on any excluded topic", async () => {
    expect(await ids(audience({ excludeTopicIds: [sport] }))).toEqual([s.enNews, s.enNone, s.nullDeals]);
    expect(await ids(audience({ includeTopicIds: [news], excludeTopicIds: [sport] }))).toEqual([s.enNews]);
  });

  it("unions included segments with included topics", async () => {
    const english = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["en"] }],
    });
    expect(await ids(audience({ includeSegmentIds: [english] }))).toEqual([s.enNews, s.enNone]);
    expect(await ids(audience({ includeSegmentIds: [english], includeTopicIds: [deals] }))).toEqual([
      s.enNews,
      s.enNone,
      s.nullDeals,
    ]);
  });

  it("excludes segments whose rules are NULL-prone without losing other rows", async () => {
    // language "isNot de": a NULL language is "not de", so excluding it must also exclude nullDeals
    const notGerman = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "isNot", values: ["de"] }],
    });
    expect(await ids(audience({ excludeSegmentIds: [notGerman] }))).toEqual([s.deSport]);
    const german = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["de"] }],
    });
    expect(await ids(audience({ excludeSegmentIds: [german] }))).toEqual([s.enNews, s.frBoth, s.enNone, s.nullDeals]);
  });

  it("combines included and excluded segments and topics", async () => {
    const mozilla = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "pushService", op: "is", values: ["mozilla"] }],
    });
    const english = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["en"] }],
    });
    const a = audience({ includeTopicIds: [news, sport], excludeSegmentIds: [mozilla, english] });
    expect(await ids(a)).toEqual([s.frBoth]);
    expect(await countAudience(test.db, a, NOW)).toBe(1);
  });

  it("anchors relative rules of segments at the injected now", async () => {
    const clicked = await seedSubscription(test.db, { lastClickedAt: daysAgo(3) });
    const rules: SegmentRules = { match: "all", conditions: [{ kind: "clicked", op: "within", days: 7 }] };
    const recent = await addSegment(test.db, rules);
    expect(await ids(audience({ includeSegmentIds: [recent] }))).toEqual([clicked]);
    const later = new Date(NOW.getTime() + 5 * 86_400_000);
    expect(await ids(audience({ includeSegmentIds: [recent] }), later)).toEqual([]);
  });

  it("throws a typed error naming every missing segment", async () => {
    const real = await addSegment(test.db, { match: "all", conditions: [] });
    const attempt = () =>
      compileAudience(test.db, audience({ includeSegmentIds: [real, 999], excludeSegmentIds: [998] }), NOW);
    await expect(attempt()).rejects.toThrow(SegmentNotFoundError);
    const error = await attempt().catch((e: unknown) => e);
    expect((error as SegmentNotFoundError).segmentIds).toEqual([999, 998]);
  });

  it("refuses a segment whose stored rules are not valid rules", async () => {
    const broken = await addSegment(test.db, { match: "all", conditions: [{ kind: "sql", value: "1=1" }] });
    await expect(compileAudience(test.db, audience({ includeSegmentIds: [broken] }), NOW)).rejects.toThrow(
      SegmentRulesInvalidError,
    );
  });

  it("refuses a stored audience that is not the audience shape, and accepts missing lists as empty", async () => {
    const bad = [
      { includeSegmentIds: "1 or 1=1" },
      { includeTopicIds: [1.5] },
      null,
      { includeTopicIds: [news], excludeTopicIds: [news] },
    ];
    for (const value of bad) {
      await expect(
        compileAudience(test.db, value as unknown as CampaignAudience, NOW),
        JSON.stringify(value),
      ).rejects.toThrow(AudienceInvalidError);
    }
    expect(await ids({ includeTopicIds: [deals] } as unknown as CampaignAudience)).toEqual([s.nullDeals]);
  });

  it("is usable in INSERT … SELECT without loading subscribers", async () => {
    const where = await compileAudience(test.db, audience({ includeTopicIds: [news] }), NOW);
    const rows = await queryRows<{ id: number }>(test.db, sql`select id from subscriptions where ${where} order by id`);
    expect(rows.map((r) => r.id)).toEqual([s.enNews, s.frBoth]);
  });
});

// the sender's snapshot and the campaign verbs still on the sync SQLite API
describe("compileAudienceSync on the sync SQLite database", () => {
  const test = useTestDb("sqlite");

  it("builds the same audience as compileAudience", async () => {
    const { news, deals, s } = await seedAudienceFixture(test.db);
    const sync = test.sqlite!;
    const english = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["en"] }],
    });
    const a = audience({ includeSegmentIds: [english], includeTopicIds: [deals], excludeTopicIds: [news] });
    expect(idsWhere(sync, compileAudienceSync(sync, a, NOW))).toEqual(
      await idsMatching(test.db, await compileAudience(test.db, a, NOW)),
    );
    expect(idsWhere(sync, compileAudienceSync(sync, a, NOW))).toEqual([s.enNone, s.nullDeals]);
    expect(() => compileAudienceSync(sync, audience({ includeSegmentIds: [999] }), NOW)).toThrow(SegmentNotFoundError);
  });
});
