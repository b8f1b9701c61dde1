import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { activeSubscriptions, campaignRow, insertCampaign, insertSubscriptions } from "@/test/support/engine-factories";
import { resumeCampaign } from "@/lib/campaigns/lifecycle";
import { pauseCampaignSync, sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { snapshotCampaign, snapshotChunk, type AudienceResolver } from "@/lib/delivery/snapshot";
import { subscriptions } from "@/lib/db/schema";

const t0 = Date.parse("2030-01-01T10:00:00Z");

function deliveriesOf(db: ReturnType<typeof createTestDb>, campaignId: number) {
  return db.$client
    .prepare(
      `SELECT subscription_id, receipt_token, next_attempt_at, status FROM deliveries WHERE campaign_id = ? ORDER BY subscription_id`,
    )
    .all(campaignId) as { subscription_id: number; receipt_token: string; next_attempt_at: number; status: string }[];
}

describe("audience snapshot", () => {
  it("writes one queued row per active subscription, in chunks, with unique unguessable tokens", () => {
    const db = createTestDb();
    const active = insertSubscriptions(db, { count: 23, createdAt: t0 - 1 });
    insertSubscriptions(db, { count: 4, createdAt: t0 - 1, status: "unsubscribed" });
    const id = insertCampaign(db);
    sendCampaignNowSync(db, id, new Date(t0));
    const steps = [];
    for (let i = 0; i < 10; i++) {
      const step = snapshotChunk(db, id, { resolveAudience: activeSubscriptions, now: t0, chunkSize: 5 });
      steps.push(step);
      if (step.done) break;
    }
    expect(steps.map((s) => s.inserted)).toEqual([5, 5, 5, 5, 3, 0]);
    const rows = deliveriesOf(db, id);
    expect(rows.map((r) => r.subscription_id)).toEqual(active);
    expect(rows.every((r) => r.status === "queued" && r.next_attempt_at === 0)).toBe(true);
    expect(new Set(rows.map((r) => r.receipt_token)).size).toBe(23);
    for (const { receipt_token } of rows) expect(receipt_token).toMatch(/^[A-Za-z0-9_-]{30}$/);
    expect(campaignRow(db, id)).toMatchObject({ targetedCount: 23, snapshotCursor: active.at(-1) });
    expect(campaignRow(db, id).snapshotDoneAt?.getTime()).toBe(t0);
    expect(snapshotChunk(db, id, { resolveAudience: activeSubscriptions, now: t0 })).toEqual({
      inserted: 0,
      done: true,
    });
  });

  it("resumes after a crash mid-chunk without losing or doubling anyone", () => {
    const db = createTestDb();
    const ids = insertSubscriptions(db, { count: 40, createdAt: t0 - 1 });
    const id = insertCampaign(db);
    sendCampaignNowSync(db, id, new Date(t0));
    let calls = 0;
    const crashing: AudienceResolver = (d, a, at) => {
      if (++calls === 3) throw new Error("process killed");
      return activeSubscriptions(d, a, at);
    };
    expect(() => snapshotCampaign(db, id, { resolveAudience: crashing, now: t0, chunkSize: 7 })).toThrow(
      "process killed",
    );
    expect(campaignRow(db, id)).toMatchObject({ targetedCount: 14, snapshotCursor: ids[13] });
    expect(snapshotCampaign(db, id, { resolveAudience: activeSubscriptions, now: t0, chunkSize: 7 })).toBe(26);
    expect(deliveriesOf(db, id).map((r) => r.subscription_id)).toEqual(ids);
    expect(campaignRow(db, id).targetedCount).toBe(40);
  });

  it("leaves out subscriptions made after the campaign started and follows the audience condition", () => {
    const db = createTestDb();
    const before = insertSubscriptions(db, { count: 5, createdAt: t0 - 10, pushHost: "a.example" });
    insertSubscriptions(db, { count: 3, createdAt: t0 + 10 });
    insertSubscriptions(db, { count: 4, createdAt: t0 - 10, pushHost: "b.example" });
    const id = insertCampaign(db);
    sendCampaignNowSync(db, id, new Date(t0));
    const onlyA: AudienceResolver = () =>
      sql`${subscriptions.status} = 'active' AND ${subscriptions.pushHost} = 'a.example'`;
    expect(snapshotCampaign(db, id, { resolveAudience: onlyA, now: t0 + 20 })).toBe(5);
    expect(deliveriesOf(db, id).map((r) => r.subscription_id)).toEqual(before);
  });

  it("does nothing for campaigns that are not sending", () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 3, createdAt: t0 - 1 });
    const draft = insertCampaign(db);
    expect(snapshotChunk(db, draft, { resolveAudience: activeSubscriptions, now: t0 })).toEqual({
      inserted: 0,
      done: true,
    });
    expect(snapshotChunk(db, 12345, { resolveAudience: activeSubscriptions, now: t0 })).toEqual({
      inserted: 0,
      done: true,
    });
    expect(deliveriesOf(db, draft)).toEqual([]);
  });

  it("spreads a rate-limited campaign evenly over time, across chunks, and re-paces on resume", async () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 12, createdAt: t0 - 1 });
    const id = insertCampaign(db, { sendRatePerMinute: 120 }); // one every 500 ms
    sendCampaignNowSync(db, id, new Date(t0));
    snapshotCampaign(db, id, { resolveAudience: activeSubscriptions, now: t0, chunkSize: 5 });
    expect(deliveriesOf(db, id).map((r) => r.next_attempt_at - t0)).toEqual([
      0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500,
    ]);
    pauseCampaignSync(db, id, new Date(t0 + 100));
    await resumeCampaign(sqliteAppDb(db), id, new Date(t0 + 60_000));
    expect(deliveriesOf(db, id).map((r) => r.next_attempt_at - t0 - 60_000)).toEqual([
      0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500,
    ]);
  });
});
