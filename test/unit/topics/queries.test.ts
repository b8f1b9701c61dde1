import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listLiveTopics, resolveTopicSlugs } from "@/lib/topics/queries";
import { resolveTopicSlugsSync } from "@/lib/topics/queries-sync";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedTopic } from "@/test/support/seeds";

describe.each(ENGINES)("topics for the public site on %s", (engine) => {
  const test = useTestDb(engine);

  it("lists live topics in admin order and hides archived ones", async () => {
    const { topics } = test.db.tables;
    expect(await listLiveTopics(test.db)).toEqual([]);
    for (const [position, slug] of ["status", "news", "offers"].entries()) await seedTopic(test.db, { slug, position });
    await test.db.update(topics).set({ position: 9 }).where(eq(topics.slug, "status"));
    await test.db.update(topics).set({ archivedAt: new Date() }).where(eq(topics.slug, "offers"));
    expect((await listLiveTopics(test.db)).map((t) => t.slug)).toEqual(["news", "status"]);
  });

  it("resolves slugs, refusing unknown and archived ones", async () => {
    const { topics } = test.db.tables;
    for (const [position, slug] of ["news", "offers"].entries()) await seedTopic(test.db, { slug, position });
    await test.db.update(topics).set({ archivedAt: new Date() }).where(eq(topics.slug, "offers"));
    const [news] = await test.db.select().from(topics).where(eq(topics.slug, "news"));
    expect(await resolveTopicSlugs(test.db, [])).toEqual({ ok: true, ids: [] });
    expect(await resolveTopicSlugs(test.db, ["news", "news"])).toEqual({ ok: true, ids: [news!.id] });
    expect(await resolveTopicSlugs(test.db, ["news", "offers", "ghost"])).toEqual({
      ok: false,
      unknown: ["offers", "ghost"],
    });
    // the subscribe path's sync variant answers the same on SQLite
    if (test.sqlite) {
      expect(resolveTopicSlugsSync(test.sqlite, ["news", "news"])).toEqual({ ok: true, ids: [news!.id] });
      expect(resolveTopicSlugsSync(test.sqlite, ["news", "offers", "ghost"])).toEqual({
        ok: false,
        unknown: ["offers", "ghost"],
      });
    }
  });
});
