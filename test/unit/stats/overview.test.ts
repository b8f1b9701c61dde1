import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { latestCampaigns, subscriberCounts, subscriberGrowth } from "@/lib/stats/overview";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedSubscription, seedTopic } from "@/test/support/seeds";

const NOW = new Date("2030-03-10T15:00:00Z");
const at = (iso: string) => new Date(iso);

describe.each(ENGINES)("overview stats on %s", (engine) => {
  const test = useTestDb(engine);

  it("counts subscribers by status, zero included", async () => {
    const db = test.db;
    expect(await subscriberCounts(db)).toEqual({ active: 0, unsubscribed: 0, expired: 0 });
    await seedSubscription(db);
    await seedSubscription(db);
    await seedSubscription(db, { status: "expired" });
    expect(await subscriberCounts(db)).toEqual({ active: 2, unsubscribed: 0, expired: 1 });
  });

  it("gives growth per UTC day for the last 30 days, by push service and by topic", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news" });
    const deals = await seedTopic(db, { slug: "deals" });
    await seedSubscription(db, { createdAt: at("2030-03-10T00:00:00Z"), pushService: "fcm", topicIds: [news, deals] });
    await seedSubscription(db, { createdAt: at("2030-03-10T23:59:59Z"), pushService: "mozilla", topicIds: [news] });
    await seedSubscription(db, { createdAt: at("2030-02-09T00:00:00Z"), pushService: "apple" }); // first day of the window
    await seedSubscription(db, { createdAt: at("2030-02-08T23:59:59Z"), pushService: "apple" }); // before it
    await seedSubscription(db, { createdAt: at("2030-03-11T00:00:00Z"), pushService: "apple" }); // tomorrow
    const growth = await subscriberGrowth(db, NOW, 30);
    expect(growth.days).toHaveLength(30);
    expect(growth.days[0]).toMatchObject({ day: "2030-02-09", total: 1, apple: 1 });
    expect(growth.days.at(-1)).toMatchObject({ day: "2030-03-10", total: 2, fcm: 1, mozilla: 1, apple: 0 });
    expect(growth.days.reduce((n, d) => n + d.total, 0)).toBe(3);
    expect(growth.topics.map((t) => [t.name, t.total])).toEqual([
      ["news", 2],
      ["deals", 1],
    ]);
    expect(growth.byTopic.at(-1)).toEqual({ day: "2030-03-10", [`t${news}`]: 2, [`t${deals}`]: 1 });
  });

  it("puts a subscription on its UTC day whatever the database session's time zone", async () => {
    const db = test.db;
    // 23:30 UTC is already the next day east of UTC: the bucket must still be the UTC day
    await seedSubscription(db, { createdAt: at("2030-03-09T23:30:00Z"), pushService: "wns" });
    await seedSubscription(db, { createdAt: at("2030-03-10T00:30:00Z"), pushService: "wns" });
    const inZone = (zone: string) =>
      db.transaction(async (tx) => {
        if (tx.engine === "postgres") await queryRows(tx, sql.raw(`set local time zone '${zone}'`));
        return subscriberGrowth(tx, NOW, 2);
      });
    for (const zone of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
      const growth = await inZone(zone);
      expect(growth.days.map((d) => [d.day, d.wns])).toEqual([
        ["2030-03-09", 1],
        ["2030-03-10", 1],
      ]);
    }
  });

  it("lists the latest campaigns that started, newest first", async () => {
    const db = test.db;
    await seedCampaign(db, { title: "draft" });
    await seedCampaign(db, { title: "old", status: "sent", startedAt: at("2030-01-01T00:00:00Z"), acceptedCount: 3 });
    await seedCampaign(db, { title: "new", status: "sending", startedAt: at("2030-02-01T00:00:00Z") });
    const latest = await latestCampaigns(db, 5);
    expect(latest.map((c) => c.title)).toEqual(["new", "old"]);
    expect(latest[1]!.counters.accepted).toBe(3);
  });
});
