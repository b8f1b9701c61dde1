import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema/campaigns";
import { segments } from "@/lib/db/schema/segments";
import { SegmentInUseError, SegmentNotFoundError } from "@/lib/segments/errors";
import { createSegment, deleteSegment, updateSegment } from "@/lib/segments/mutations";
import { countSegment, getSegment, listSegments } from "@/lib/segments/queries";
import { segmentInputSchema, type SegmentRules } from "@/lib/segments/schema";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic, NOW } from "./factory";

const english: SegmentRules = { match: "all", conditions: [{ kind: "language", op: "is", values: ["en"] }] };

describe("segment verbs", () => {
  let db: Db;
  let news: number;

  beforeEach(() => {
    db = createTestDb();
    news = addTopic(db, "news");
    addSubscription(db, { language: "en", topicIds: [news] });
    addSubscription(db, { language: "en-GB" });
    addSubscription(db, { language: "fr", topicIds: [news] });
    addSubscription(db, { language: "en", status: "unsubscribed", p256dh: null, auth: null });
  });

  it("counts active subscribers only", () => {
    expect(countSegment(db, english, NOW)).toBe(2);
    expect(countSegment(db, { match: "all", conditions: [] }, NOW)).toBe(3);
    expect(
      countSegment(db, { match: "any", conditions: [{ kind: "topics", match: "any", topicIds: [news] }] }, NOW),
    ).toBe(2);
  });

  it("creates, reads, updates and lists with live counts", () => {
    const input = segmentInputSchema.parse({ name: "  English  ", rules: english });
    const created = createSegment(db, input, null);
    expect(created).toMatchObject({ name: "English", description: "", rules: english, rulesError: null });
    expect(getSegment(db, created.id)).toEqual(created);

    const french = segmentInputSchema.parse({
      name: "French",
      description: "fr only",
      rules: { match: "all", conditions: [{ kind: "language", op: "is", values: ["fr"] }] },
    });
    const updated = updateSegment(db, created.id, french);
    expect(updated).toMatchObject({ id: created.id, name: "French", description: "fr only" });

    createSegment(db, segmentInputSchema.parse({ name: "Everyone", rules: { match: "all", conditions: [] } }));
    expect(listSegments(db, NOW).map((s) => [s.name, s.subscriberCount])).toEqual([
      ["Everyone", 3],
      ["French", 1],
    ]);
  });

  it("lists a segment with unreadable stored rules without a count instead of failing", () => {
    db.insert(segments)
      .values({ name: "Broken", rules: { match: "sometimes" } })
      .run();
    const [broken] = listSegments(db, NOW);
    expect(broken).toMatchObject({ name: "Broken", rules: null, subscriberCount: null });
    expect(broken?.rulesError).toContain('Match must be "all" or "any"');
  });

  it("throws SegmentNotFoundError for unknown ids", () => {
    const input = segmentInputSchema.parse({ name: "x", rules: english });
    expect(() => getSegment(db, 42)).toThrow(SegmentNotFoundError);
    expect(() => updateSegment(db, 42, input)).toThrow(SegmentNotFoundError);
    expect(() => deleteSegment(db, 42)).toThrow(SegmentNotFoundError);
  });

  it("refuses to delete a segment a pending campaign names, allows it once the campaign is done", () => {
    const seg = createSegment(db, segmentInputSchema.parse({ name: "English", rules: english }));
    const other = createSegment(db, segmentInputSchema.parse({ name: "Other", rules: english }));
    const audience = (exclude: number[]) => ({
      includeSegmentIds: [other.id],
      excludeSegmentIds: exclude,
      includeTopicIds: [],
      excludeTopicIds: [],
    });
    const draft = db
      .insert(campaigns)
      .values({ title: "t", audience: audience([seg.id]) })
      .returning()
      .get();
    db.insert(campaigns)
      .values({ title: "old", audience: audience([seg.id]), status: "sent" })
      .run();

    expect(() => deleteSegment(db, seg.id)).toThrow(SegmentInUseError);
    try {
      deleteSegment(db, seg.id);
    } catch (error) {
      expect((error as SegmentInUseError).campaignIds).toEqual([draft.id]);
    }
    expect(getSegment(db, seg.id).id).toBe(seg.id);

    db.update(campaigns).set({ status: "cancelled" }).where(eq(campaigns.id, draft.id)).run();
    deleteSegment(db, seg.id);
    expect(() => getSegment(db, seg.id)).toThrow(SegmentNotFoundError);
  });
});
