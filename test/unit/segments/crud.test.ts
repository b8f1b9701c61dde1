import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { SegmentInUseError, SegmentNotFoundError } from "@/lib/segments/errors";
import { campaignsUsingSegment, createSegment, deleteSegment, updateSegment } from "@/lib/segments/mutations";
import { countSegment, getSegment, listSegments } from "@/lib/segments/queries";
import { segmentInputSchema, type SegmentRules } from "@/lib/segments/schema";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import { NOW } from "./factory";

const english: SegmentRules = { match: "all", conditions: [{ kind: "language", op: "is", values: ["en"] }] };

describe.each(ENGINES)("segment verbs on %s", (engine) => {
  const test = useTestDb(engine);
  let news: number;

  beforeEach(async () => {
    const db = test.db;
    news = await seedTopic(db, { slug: "news" });
    await seedSubscription(db, { language: "en", topicIds: [news] });
    await seedSubscription(db, { language: "en-GB" });
    await seedSubscription(db, { language: "fr", topicIds: [news] });
    await seedSubscription(db, { language: "en", status: "unsubscribed", p256dh: null, auth: null });
  });

  it("counts active subscribers only", async () => {
    const db = test.db;
    expect(await countSegment(db, english, NOW)).toBe(2);
    expect(await countSegment(db, { match: "all", conditions: [] }, NOW)).toBe(3);
    expect(
      await countSegment(db, { match: "any", conditions: [{ kind: "topics", match: "any", topicIds: [news] }] }, NOW),
    ).toBe(2);
  });

  it("creates, reads, updates and lists with live counts", async () => {
    const db = test.db;
    const input = segmentInputSchema.parse({ name: "  English  ", rules: english });
    const created = await createSegment(db, input, null);
    expect(created).toMatchObject({ name: "English", description: "", rules: english, rulesError: null });
    expect(await getSegment(db, created.id)).toEqual(created);

    const french = segmentInputSchema.parse({
      name: "French",
      description: "fr only",
      rules: { match: "all", conditions: [{ kind: "language", op: "is", values: ["fr"] }] },
    });
    const updated = await updateSegment(db, created.id, french);
    expect(updated).toMatchObject({ id: created.id, name: "French", description: "fr only" });

    await createSegment(db, segmentInputSchema.parse({ name: "Everyone", rules: { match: "all", conditions: [] } }));
    expect((await listSegments(db, NOW)).map((s) => [s.name, s.subscriberCount])).toEqual([
      ["Everyone", 3],
      ["French", 1],
    ]);
  });

  it("lists a segment with unreadable stored rules without a count instead of failing", async () => {
    const { segments } = test.db.tables;
    await test.db.insert(segments).values({ name: "Broken", rules: { match: "sometimes" } });
    const [broken] = await listSegments(test.db, NOW);
    expect(broken).toMatchObject({ name: "Broken", rules: null, subscriberCount: null });
    expect(broken?.rulesError).toContain('Match must be "all" or "any"');
  });

  it("throws SegmentNotFoundError for unknown ids", async () => {
    const db = test.db;
    const input = segmentInputSchema.parse({ name: "x", rules: english });
    await expect(getSegment(db, 42)).rejects.toThrow(SegmentNotFoundError);
    await expect(updateSegment(db, 42, input)).rejects.toThrow(SegmentNotFoundError);
    await expect(deleteSegment(db, 42)).rejects.toThrow(SegmentNotFoundError);
  });

  it("refuses to delete a segment a pending campaign names, allows it once the campaign is done", async () => {
    const db = test.db;
    const { campaigns } = db.tables;
    const seg = await createSegment(db, segmentInputSchema.parse({ name: "English", rules: english }));
    const other = await createSegment(db, segmentInputSchema.parse({ name: "Other", rules: english }));
    const audience = (exclude: number[]) => ({
      includeSegmentIds: [other.id],
      excludeSegmentIds: exclude,
      includeTopicIds: [],
      excludeTopicIds: [],
    });
    const [draft] = await db
      .insert(campaigns)
      .values({ title: "t", audience: audience([seg.id]) })
      .returning();
    await db.insert(campaigns).values({ title: "old", audience: audience([seg.id]), status: "sent" });

    await expect(deleteSegment(db, seg.id)).rejects.toThrow(SegmentInUseError);
    const refusal = await deleteSegment(db, seg.id).catch((error: unknown) => error);
    expect((refusal as SegmentInUseError).campaignIds).toEqual([draft!.id]);
    expect((await getSegment(db, seg.id)).id).toBe(seg.id);

    await db.update(campaigns).set({ status: "cancelled" }).where(eq(campaigns.id, draft!.id));
    await deleteSegment(db, seg.id);
    await expect(getSegment(db, seg.id)).rejects.toThrow(SegmentNotFoundError);
  });

  it("finds the pending campaigns naming a segment on either list, and no other id", async () => {
    const db = test.db;
    const { campaigns } = db.tables;
    const seg = await createSegment(db, segmentInputSchema.parse({ name: "English", rules: english }));
    const audience = (include: number[], exclude: number[]) => ({
      includeSegmentIds: include,
      excludeSegmentIds: exclude,
      includeTopicIds: [seg.id],
      excludeTopicIds: [],
    });
    const rows = await db
      .insert(campaigns)
      .values([
        { title: "includes", audience: audience([seg.id], []) },
        { title: "excludes", audience: audience([], [seg.id]), status: "scheduled" },
        { title: "another id", audience: audience([seg.id + 10], [seg.id + 1]) },
        { title: "only a topic with that id", audience: audience([], []) },
      ])
      .returning({ id: campaigns.id });
    expect(await campaignsUsingSegment(db, seg.id)).toEqual([rows[0]!.id, rows[1]!.id]);
  });
});
