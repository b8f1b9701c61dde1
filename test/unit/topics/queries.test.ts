import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { topics } from "@/lib/db/schema";
import { listLiveTopics, resolveTopicSlugs } from "@/lib/topics/queries";
import { createTestDb } from "@/test/support/db";
import { seedTopics } from "../subscriptions/helpers";

describe("topics for the public site", () => {
  it("lists live topics in admin order and hides archived ones", () => {
    const db = createTestDb();
    expect(listLiveTopics(db)).toEqual([]);
    seedTopics(db, ["status", "news", "offers"]);
    db.update(topics).set({ position: 9 }).where(eq(topics.slug, "status")).run();
    db.update(topics).set({ archivedAt: new Date() }).where(eq(topics.slug, "offers")).run();
    expect(listLiveTopics(db).map((t) => t.slug)).toEqual(["news", "status"]);
  });

  it("resolves slugs, refusing unknown and archived ones", () => {
    const db = createTestDb();
    seedTopics(db, ["news", "offers"]);
    db.update(topics).set({ archivedAt: new Date() }).where(eq(topics.slug, "offers")).run();
    const news = db.select().from(topics).where(eq(topics.slug, "news")).get()!;
    expect(resolveTopicSlugs(db, [])).toEqual({ ok: true, ids: [] });
    expect(resolveTopicSlugs(db, ["news", "news"])).toEqual({ ok: true, ids: [news.id] });
    expect(resolveTopicSlugs(db, ["news", "offers", "ghost"])).toEqual({ ok: false, unknown: ["offers", "ghost"] });
  });
});
