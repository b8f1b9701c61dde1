// The audience snapshot on both engines, through the async `Db` the runner uses, with the audience
// compiled as the runner compiles it (compileAudience). Two workers on one campaign: ./snapshot-workers.test.ts.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { compileAudience } from "@/lib/audience/compile";
import { cancelCampaign, pauseCampaign, resumeCampaign, sendCampaignNow } from "@/lib/campaigns/lifecycle";
import type { Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { snapshotCampaign, snapshotChunk, type AudienceResolver } from "@/lib/delivery/snapshot";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedSubscription, seedTopic } from "@/test/support/seeds";
import { campaignOf, deliveriesOf, seedSubscriptions, t0 } from "./snapshot-fixtures";

const everyone = { resolveAudience: compileAudience, now: t0 };
const DONE = { inserted: 0, done: true };

const audience = (a: Partial<CampaignAudience>): CampaignAudience => ({
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

async function startedCampaign(db: Db, values: Parameters<typeof seedCampaign>[1] = {}): Promise<number> {
  const id = await seedCampaign(db, values);
  await sendCampaignNow(db, id, new Date(t0));
  return id;
}

describe.each(ENGINES)("audience snapshot on %s", (engine) => {
  const test = useTestDb(engine);

  it("writes one queued row per active subscription, in chunks, with unique unguessable tokens", async () => {
    const active = await seedSubscriptions(test.db, 23, { createdAt: new Date(t0 - 1) });
    await seedSubscriptions(test.db, 4, { createdAt: new Date(t0 - 1), status: "unsubscribed" });
    const id = await startedCampaign(test.db);
    const steps = [];
    for (let i = 0; i < 10; i++) {
      const step = await snapshotChunk(test.db, id, { ...everyone, chunkSize: 5 });
      steps.push(step);
      if (step.done) break;
    }
    expect(steps.map((s) => s.inserted)).toEqual([5, 5, 5, 5, 3, 0]);
    const rows = await deliveriesOf(test.db, id);
    expect(rows.map((r) => r.subscriptionId)).toEqual(active);
    expect(rows.every((r) => r.status === "queued" && r.nextAttemptAt === 0)).toBe(true);
    expect(new Set(rows.map((r) => r.receiptToken)).size).toBe(23);
    for (const { receiptToken } of rows) {
      expect(receiptToken).toMatch(/^[A-Za-z0-9_-]{30}$/);
      // 6 bytes of the chunk's time, then 16 random bytes (lib/delivery/tokens.ts)
      const bytes = Buffer.from(receiptToken, "base64url");
      expect([bytes.length, bytes.readUIntBE(0, 6)]).toEqual([22, t0]);
    }
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: 23, snapshotCursor: active.at(-1) });
    expect((await campaignOf(test.db, id)).snapshotDoneAt?.getTime()).toBe(t0);
    expect(await snapshotChunk(test.db, id, everyone)).toEqual(DONE);
    expect(await deliveriesOf(test.db, id)).toHaveLength(23);
  });

  it("resumes after a crash without losing or doubling anyone", async () => {
    const ids = await seedSubscriptions(test.db, 40, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db);
    let calls = 0;
    const crashing: AudienceResolver = async (db, a, at) => {
      if (++calls === 3) throw new Error("process killed");
      return compileAudience(db, a, at);
    };
    await expect(snapshotCampaign(test.db, id, { resolveAudience: crashing, now: t0, chunkSize: 7 })).rejects.toThrow(
      "process killed",
    );
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: 14, snapshotCursor: ids[13] });
    expect(await snapshotCampaign(test.db, id, { ...everyone, chunkSize: 7 })).toBe(26);
    expect((await deliveriesOf(test.db, id)).map((r) => r.subscriptionId)).toEqual(ids);
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: 40, snapshotCursor: ids.at(-1) });
  });

  it("follows the audience's segments and topics and leaves out subscriptions made after the start", async () => {
    const news = await seedTopic(test.db);
    const deals = await seedTopic(test.db);
    const english = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "language", op: "is", values: ["en"] }],
    });
    const before = { createdAt: new Date(t0 - 10_000) };
    const enPlain = await seedSubscription(test.db, { ...before, language: "en" });
    const deNews = await seedSubscription(test.db, { ...before, language: "de", topicIds: [news] });
    await seedSubscription(test.db, { ...before, language: "fr" });
    await seedSubscription(test.db, { ...before, language: "en", topicIds: [deals] });
    await seedSubscription(test.db, { ...before, language: "en", status: "unsubscribed" });
    await seedSubscription(test.db, { createdAt: new Date(t0 + 10_000), language: "en", topicIds: [news] });
    const frNews = await seedSubscription(test.db, { ...before, language: "fr", topicIds: [news] });
    const id = await startedCampaign(test.db, {
      audience: audience({ includeSegmentIds: [english], includeTopicIds: [news], excludeTopicIds: [deals] }),
    });
    expect(await snapshotCampaign(test.db, id, { ...everyone, now: t0 + 20_000, chunkSize: 2 })).toBe(3);
    expect((await deliveriesOf(test.db, id)).map((r) => r.subscriptionId)).toEqual([enPlain, deNews, frNews]);
  });

  it("anchors the audience's relative rules at the campaign's start, not at the chunk's time", async () => {
    const day = 86_400_000;
    const recent = await addSegment(test.db, {
      match: "all",
      conditions: [{ kind: "clicked", op: "within", days: 7 }],
    });
    const clickedLately = await seedSubscription(test.db, { lastClickedAt: new Date(t0 - 3 * day) });
    await seedSubscription(test.db, { lastClickedAt: new Date(t0 - 10 * day) });
    const id = await startedCampaign(test.db, { audience: audience({ includeSegmentIds: [recent] }) });
    // a snapshot resumed a month later still writes the audience of the moment the campaign started
    expect(await snapshotCampaign(test.db, id, { ...everyone, now: t0 + 30 * day })).toBe(1);
    expect((await deliveriesOf(test.db, id)).map((r) => r.subscriptionId)).toEqual([clickedLately]);
  });

  it("does nothing for campaigns that are not sending or paused", async () => {
    await seedSubscriptions(test.db, 3, { createdAt: new Date(t0 - 1) });
    const draft = await seedCampaign(test.db);
    expect(await snapshotChunk(test.db, draft, everyone)).toEqual(DONE);
    expect(await snapshotChunk(test.db, 12345, everyone)).toEqual(DONE);
    const cancelled = await startedCampaign(test.db);
    await cancelCampaign(test.db, cancelled, new Date(t0));
    expect(await snapshotChunk(test.db, cancelled, everyone)).toEqual(DONE);
    expect(await deliveriesOf(test.db, draft)).toEqual([]);
    expect(await deliveriesOf(test.db, cancelled)).toEqual([]);
    expect((await campaignOf(test.db, cancelled)).snapshotDoneAt).toBeNull();
  });

  it("goes on writing the snapshot of a paused campaign", async () => {
    const ids = await seedSubscriptions(test.db, 6, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db);
    await pauseCampaign(test.db, id, new Date(t0 + 1));
    expect(await snapshotCampaign(test.db, id, { ...everyone, chunkSize: 4 })).toBe(6);
    expect((await deliveriesOf(test.db, id)).map((r) => r.subscriptionId)).toEqual(ids);
    expect(await campaignOf(test.db, id)).toMatchObject({ status: "paused", targetedCount: 6 });
  });

  it("spreads a rate-limited campaign evenly over time, across chunks, and re-paces on resume", async () => {
    await seedSubscriptions(test.db, 12, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db, { sendRatePerMinute: 120 }); // one every 500 ms
    await snapshotCampaign(test.db, id, { ...everyone, chunkSize: 5 });
    const steps = [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500];
    expect((await deliveriesOf(test.db, id)).map((r) => r.nextAttemptAt - t0)).toEqual(steps);
    await pauseCampaign(test.db, id, new Date(t0 + 100));
    await resumeCampaign(test.db, id, new Date(t0 + 60_000));
    expect((await deliveriesOf(test.db, id)).map((r) => r.nextAttemptAt - t0 - 60_000)).toEqual(steps);
  });

  it("paces a rate that does not divide a minute in whole milliseconds alike on both engines", async () => {
    await seedSubscriptions(test.db, 9, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db, { sendRatePerMinute: 7 });
    await snapshotCampaign(test.db, id, { ...everyone, chunkSize: 4 });
    const expected = Array.from({ length: 9 }, (_, n) => Math.floor((n * 60_000) / 7));
    expect((await deliveriesOf(test.db, id)).map((r) => r.nextAttemptAt - t0)).toEqual(expected);
  });

  it("writes each chunk once when two calls on one database overlap", async () => {
    const ids = await seedSubscriptions(test.db, 12, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db, { sendRatePerMinute: 60 });
    const options = { ...everyone, chunkSize: 5 };
    const pair = await Promise.all([snapshotChunk(test.db, id, options), snapshotChunk(test.db, id, options)]);
    const written = pair.reduce((n, step) => n + step.inserted, 0);
    expect(pair.every((step) => !step.done)).toBe(true);
    expect((await deliveriesOf(test.db, id)).length).toBe(written);
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: written });
    expect(written + (await snapshotCampaign(test.db, id, options))).toBe(12);
    const rows = await deliveriesOf(test.db, id);
    expect(rows.map((r) => r.subscriptionId)).toEqual(ids);
    expect(rows.map((r) => r.nextAttemptAt - t0)).toEqual(ids.map((_, n) => n * 1000));
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: 12 });
  });
});

describe("campaign row on SQLite", () => {
  const test = useTestDb("sqlite");

  it("is re-read under the write lock: a chunk prepared for an old cursor writes nothing", async () => {
    await seedSubscriptions(test.db, 8, { createdAt: new Date(t0 - 1) });
    const id = await startedCampaign(test.db);
    const { campaigns } = test.db.tables;
    // the audience compiles (async) between the first read and the write: another writer moves the cursor
    const movingResolver: AudienceResolver = async (db, a, at) => {
      const where = await compileAudience(db, a, at);
      await db.update(campaigns).set({ snapshotCursor: 3 }).where(eq(campaigns.id, id));
      return where;
    };
    expect(await snapshotChunk(test.db, id, { resolveAudience: movingResolver, now: t0 })).toEqual({
      inserted: 0,
      done: false,
    });
    expect(await deliveriesOf(test.db, id)).toEqual([]);
  });
});
