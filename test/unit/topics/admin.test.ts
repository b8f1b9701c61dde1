import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import {
  createTopic,
  listTopicOptions,
  listTopicsForAdmin,
  moveTopic,
  setTopicArchived,
  TopicAdminError,
  updateTopic,
} from "@/lib/topics/admin";
import { createTopicSchema, slugFromName } from "@/lib/topics/admin-schema";
import { listLiveTopics } from "@/lib/topics/queries";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedUser } from "@/test/support/seeds";

async function auditActions(db: Db): Promise<string[]> {
  const { auditLog } = db.tables;
  const rows = await db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id);
  return rows.map((row) => row.action);
}

async function liveSlugs(db: Db): Promise<string[]> {
  return (await listLiveTopics(db)).map((t) => t.slug);
}

describe.each(ENGINES)("topic admin verbs on %s", (engine) => {
  const test = useTestDb(engine);

  it("creates topics with a slug from the name, in order, audited, and refuses a taken slug", async () => {
    const { db } = test;
    const actor = await seedUser(db);
    const news = await createTopic(
      db,
      createTopicSchema.parse({ name: "Breaking News!", description: "The big stories" }),
      actor,
    );
    const deals = await createTopic(db, createTopicSchema.parse({ name: "Deals", slug: "" }), actor);
    expect(news).toMatchObject({ slug: "breaking-news", position: 0 });
    expect(deals).toMatchObject({ slug: "deals", position: 1 });
    await expect(createTopic(db, createTopicSchema.parse({ name: "Deals" }), actor)).rejects.toThrow(TopicAdminError);
    await expect(createTopic(db, createTopicSchema.parse({ name: "!!!" }), actor)).rejects.toThrow(
      /letters and digits/,
    );
    expect(await listLiveTopics(db)).toEqual([
      expect.objectContaining({ slug: "breaking-news", description: "The big stories" }),
      expect.objectContaining({ slug: "deals" }),
    ]);
    expect(await auditActions(db)).toEqual(["topic.create", "topic.create"]);
  });

  it("gives one of two simultaneous creates of a slug the topic, and tells the other the key is taken", async () => {
    const { db } = test;
    const actor = await seedUser(db);
    // PostgreSQL: open the pool's connections first, so the creates run side by side rather than one
    // after the other while each waits for a new connection
    await Promise.all([1, 2, 3].map(() => listLiveTopics(db)));
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => createTopic(db, { name: "News", description: "" }, actor)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const refused of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(refused.reason).toBeInstanceOf(TopicAdminError);
      expect(refused.reason).toMatchObject({ problem: "slug_taken" });
    }
    expect(await liveSlugs(db)).toEqual(["news"]);
    expect(await auditActions(db)).toEqual(["topic.create"]);
  });

  it("refuses hostile slugs and overlong input at the schema", () => {
    expect(createTopicSchema.safeParse({ name: "x", slug: "../etc" }).success).toBe(false);
    expect(createTopicSchema.safeParse({ name: "x".repeat(81) }).success).toBe(false);
    expect(createTopicSchema.safeParse({ name: "   " }).success).toBe(false);
    expect(slugFromName("Ünïcode  Café — 2026")).toBe("unicode-cafe-2026");
  });

  it("renames without changing the slug, and refuses an unknown id", async () => {
    const { db } = test;
    const actor = await seedUser(db);
    const topic = await createTopic(db, { name: "News", description: "" }, actor);
    await updateTopic(db, { id: topic.id, name: "Headlines", description: "Shown on the site" }, actor);
    expect(await listLiveTopics(db)).toEqual([
      { id: topic.id, slug: "news", name: "Headlines", description: "Shown on the site" },
    ]);
    await expect(updateTopic(db, { id: 999, name: "x", description: "" }, actor)).rejects.toThrow(TopicAdminError);
  });

  it("reorders live topics and ignores moves past either end", async () => {
    const { db } = test;
    const actor = await seedUser(db);
    const [a, b, c] = [
      await createTopic(db, { name: "a", description: "" }, actor),
      await createTopic(db, { name: "b", description: "" }, actor),
      await createTopic(db, { name: "c", description: "" }, actor),
    ];
    await moveTopic(db, c.id, "up");
    expect(await liveSlugs(db)).toEqual(["a", "c", "b"]);
    await moveTopic(db, a.id, "up");
    await moveTopic(db, b.id, "down");
    expect(await liveSlugs(db)).toEqual(["a", "c", "b"]);
  });

  it("archives (hidden from the site, kept by subscribers) and restores; counts active subscribers only", async () => {
    const { db } = test;
    const actor = await seedUser(db);
    const news = await createTopic(db, { name: "News", description: "" }, actor);
    const offers = await createTopic(db, { name: "Offers", description: "" }, actor);
    await seedSubscription(db, { topicIds: [news.id, offers.id] });
    await seedSubscription(db, { topicIds: [news.id] });
    await seedSubscription(db, { topicIds: [news.id], status: "unsubscribed" });
    await setTopicArchived(db, news.id, true, actor);
    expect(await liveSlugs(db)).toEqual(["offers"]);
    expect((await listTopicsForAdmin(db)).map((t) => [t.slug, t.archived, t.activeSubscribers])).toEqual([
      ["offers", false, 1],
      ["news", true, 2],
    ]);
    expect(await listTopicOptions(db)).toEqual([
      { id: offers.id, name: "Offers", archived: false },
      { id: news.id, name: "News (archived)", archived: true },
    ]);
    await setTopicArchived(db, news.id, false, actor);
    expect(await liveSlugs(db)).toEqual(["offers", "news"]);
    expect((await auditActions(db)).slice(-2)).toEqual(["topic.archive", "topic.restore"]);
  });
});
