import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic } from "@/test/unit/segments/factory";
import { insertCampaign } from "@/test/support/engine-factories";
import { latestCampaigns, subscriberCounts, subscriberGrowth } from "@/lib/stats/overview";

const NOW = new Date("2030-03-10T15:00:00Z");
const at = (iso: string) => new Date(iso);

describe("overview stats", () => {
  it("counts subscribers by status, zero included", () => {
    const db = createTestDb();
    expect(subscriberCounts(db)).toEqual({ active: 0, unsubscribed: 0, expired: 0 });
    addSubscription(db);
    addSubscription(db);
    addSubscription(db, { status: "expired" });
    expect(subscriberCounts(db)).toEqual({ active: 2, unsubscribed: 0, expired: 1 });
  });

  it("gives growth per UTC day for the last 30 days, by push service and by topic", () => {
    const db = createTestDb();
    const news = addTopic(db, "news");
    const deals = addTopic(db, "deals");
    addSubscription(db, { createdAt: at("2030-03-10T00:00:00Z"), pushService: "fcm", topicIds: [news, deals] });
    addSubscription(db, { createdAt: at("2030-03-10T23:59:59Z"), pushService: "mozilla", topicIds: [news] });
    addSubscription(db, { createdAt: at("2030-02-09T00:00:00Z"), pushService: "apple" }); // first day of the window
    addSubscription(db, { createdAt: at("2030-02-08T23:59:59Z"), pushService: "apple" }); // before it
    addSubscription(db, { createdAt: at("2030-03-11T00:00:00Z"), pushService: "apple" }); // tomorrow
    const growth = subscriberGrowth(db, NOW, 30);
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

  it("lists the latest campaigns that started, newest first", () => {
    const db = createTestDb();
    insertCampaign(db, { title: "draft" });
    insertCampaign(db, { title: "old", status: "sent", startedAt: at("2030-01-01T00:00:00Z"), acceptedCount: 3 });
    insertCampaign(db, { title: "new", status: "sending", startedAt: at("2030-02-01T00:00:00Z") });
    const latest = latestCampaigns(db, 5);
    expect(latest.map((c) => c.title)).toEqual(["new", "old"]);
    expect(latest[1]!.counters.accepted).toBe(3);
  });
});
