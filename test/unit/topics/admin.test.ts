import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { auditLog } from "@/lib/db/schema";
import {
  createTopic,
  listTopicsForAdmin,
  moveTopic,
  setTopicArchived,
  TopicAdminError,
  updateTopic,
} from "@/lib/topics/admin";
import { createTopicSchema, slugFromName } from "@/lib/topics/admin-schema";
import { listLiveTopics } from "@/lib/topics/queries";
import { addUser } from "@/test/support/users";
import { addSubscriber } from "../subscribers/factory";

async function setup() {
  const db = createTestDb();
  const editor = await addUser(db, "editor");
  return { db, actor: { id: editor.id, email: editor.email } };
}

describe("topic admin verbs", () => {
  it("creates topics with a slug from the name, in order, audited, and refuses a taken slug", async () => {
    const { db, actor } = await setup();
    const news = createTopic(
      db,
      createTopicSchema.parse({ name: "Breaking News!", description: "The big stories" }),
      actor,
    );
    const deals = createTopic(db, createTopicSchema.parse({ name: "Deals", slug: "" }), actor);
    expect(news).toMatchObject({ slug: "breaking-news", position: 0 });
    expect(deals).toMatchObject({ slug: "deals", position: 1 });
    expect(() => createTopic(db, createTopicSchema.parse({ name: "Deals" }), actor)).toThrow(TopicAdminError);
    expect(() => createTopic(db, createTopicSchema.parse({ name: "!!!" }), actor)).toThrow(/letters and digits/);
    expect(listLiveTopics(db)).toEqual([
      expect.objectContaining({ slug: "breaking-news", description: "The big stories" }),
      expect.objectContaining({ slug: "deals" }),
    ]);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(["topic.create", "topic.create"]);
  });

  it("refuses hostile slugs and overlong input at the schema", () => {
    expect(createTopicSchema.safeParse({ name: "x", slug: "../etc" }).success).toBe(false);
    expect(createTopicSchema.safeParse({ name: "x".repeat(81) }).success).toBe(false);
    expect(createTopicSchema.safeParse({ name: "   " }).success).toBe(false);
    expect(slugFromName("Ünïcode  Café — 2026")).toBe("unicode-cafe-2026");
  });

  it("renames without changing the slug, and refuses an unknown id", async () => {
    const { db, actor } = await setup();
    const topic = createTopic(db, { name: "News", description: "" }, actor);
    updateTopic(db, { id: topic.id, name: "Headlines", description: "Shown on the site" }, actor);
    expect(listLiveTopics(db)).toEqual([
      { id: topic.id, slug: "news", name: "Headlines", description: "Shown on the site" },
    ]);
    expect(() => updateTopic(db, { id: 999, name: "x", description: "" }, actor)).toThrow(TopicAdminError);
  });

  it("reorders live topics and ignores moves past either end", async () => {
    const { db, actor } = await setup();
    const [a, b, c] = ["a", "b", "c"].map((name) => createTopic(db, { name, description: "" }, actor));
    moveTopic(db, c!.id, "up");
    expect(listLiveTopics(db).map((t) => t.slug)).toEqual(["a", "c", "b"]);
    moveTopic(db, a!.id, "up");
    moveTopic(db, b!.id, "down");
    expect(listLiveTopics(db).map((t) => t.slug)).toEqual(["a", "c", "b"]);
  });

  it("archives (hidden from the site, kept by subscribers) and restores; counts active subscribers only", async () => {
    const { db, actor } = await setup();
    const news = createTopic(db, { name: "News", description: "" }, actor);
    const offers = createTopic(db, { name: "Offers", description: "" }, actor);
    addSubscriber(db, { topicIds: [news.id, offers.id] });
    addSubscriber(db, { topicIds: [news.id] });
    addSubscriber(db, { topicIds: [news.id], status: "unsubscribed" });
    setTopicArchived(db, news.id, true, actor);
    expect(listLiveTopics(db).map((t) => t.slug)).toEqual(["offers"]);
    expect(listTopicsForAdmin(db).map((t) => [t.slug, t.archived, t.activeSubscribers])).toEqual([
      ["offers", false, 1],
      ["news", true, 2],
    ]);
    setTopicArchived(db, news.id, false, actor);
    expect(listLiveTopics(db).map((t) => t.slug)).toEqual(["offers", "news"]);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action)
        .slice(-2),
    ).toEqual(["topic.archive", "topic.restore"]);
  });
});
