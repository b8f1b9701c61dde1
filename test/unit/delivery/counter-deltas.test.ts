// Campaign counters by delta rows on PostgreSQL (lib/delivery/counter-deltas.ts): the writers insert, the
// fold moves them into the campaign row, readers add what is pending. SQLite updates its row at once.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { addCounterDeltas, foldCounterDeltas } from "@/lib/delivery/counter-deltas";
import { completeCampaign } from "@/lib/campaigns/lifecycle";
import { getCampaign } from "@/lib/campaigns/queries";
import { recordReceipt } from "@/lib/receipts/record";
import { ENGINES, useExtraPools, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";

const now = new Date("2030-01-01T10:00:00Z");

async function rawRow(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}

async function pendingDeltas(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(db.tables.campaignCounterDeltas);
  return Number(row!.n);
}

/** A sending campaign with `n` accepted deliveries, each to its own subscription; their receipt tokens. */
async function acceptedCampaign(db: Db, n: number) {
  const campaignId = await seedCampaign(db, { status: "sending", startedAt: now, targetedCount: n, acceptedCount: n });
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const subscriptionId = await seedSubscription(db);
    const receiptToken = `token-${i}`;
    await seedDelivery(db, { campaignId, subscriptionId, receiptToken, status: "accepted" });
    tokens.push(receiptToken);
  }
  return { campaignId, tokens };
}

describe.each(ENGINES)("campaign counter deltas on %s", (engine) => {
  const test = useTestDb(engine);
  const extraPool = useExtraPools(test);
  /** On PostgreSQL another web server's pool on the test database; on SQLite the one process's database. */
  const pool = (): Db => (engine === "sqlite" ? test.db : extraPool());

  it("leaves a delta on PostgreSQL that readers add and the fold moves; SQLite counts in the row", async () => {
    const { db } = test;
    const { campaignId, tokens } = await acceptedCampaign(db, 1);
    expect(await recordReceipt(db, { token: tokens[0]!, kind: "shown" }, now)).toBe("recorded");
    expect((await getCampaign(db, campaignId)).counters.shown).toBe(1);
    if (engine === "sqlite") {
      expect(await pendingDeltas(db)).toBe(0);
      expect((await rawRow(db, campaignId)).shownCount).toBe(1);
      expect(await foldCounterDeltas(db)).toBe(0);
      return;
    }
    expect(await pendingDeltas(db)).toBe(1);
    expect((await rawRow(db, campaignId)).shownCount).toBe(0);
    expect(await foldCounterDeltas(db)).toBe(1);
    expect(await pendingDeltas(db)).toBe(0);
    expect((await rawRow(db, campaignId)).shownCount).toBe(1);
    expect((await getCampaign(db, campaignId)).counters.shown).toBe(1);
    expect(await foldCounterDeltas(db)).toBe(0);
  });

  it("adds up receipts from many concurrent requests on one campaign", async () => {
    const { db } = test;
    const { campaignId, tokens } = await acceptedCampaign(db, 40);
    const servers = [db, pool()];
    const outcomes = await Promise.all(
      tokens.flatMap((token, i) => [
        recordReceipt(servers[i % 2]!, { token, kind: "shown" }, now),
        recordReceipt(servers[(i + 1) % 2]!, { token, kind: "shown" }, now), // a retry from the offline queue
        ...(i % 2 === 0 ? [recordReceipt(servers[i % 2]!, { token, kind: "clicked" }, now)] : []),
        ...(i % 4 === 0 ? [recordReceipt(servers[(i + 1) % 2]!, { token, kind: "action", action: "a1" }, now)] : []),
      ]),
    );
    expect(outcomes.filter((o) => o === "recorded")).toHaveLength(40 + 20 + 10);
    const exact = { shown: 40, clicked: 20, closed: 0 };
    expect((await getCampaign(db, campaignId)).counters).toMatchObject(exact);
    await foldCounterDeltas(db);
    expect(await rawRow(db, campaignId)).toMatchObject({ shownCount: 40, clickedCount: 20, closedCount: 0 });
    expect((await getCampaign(db, campaignId)).counters).toMatchObject(exact);
  });
});

describe("counter deltas on postgres, from several pools", () => {
  const test = useTestDb("postgres");
  /** Another worker's pool on the test database. */
  const pool = useExtraPools(test);

  it("never loses or doubles a delta while two pools fold at once, and keeps each retrying clamp in order", async () => {
    const { db } = test;
    const campaignIds = [await seedCampaign(db), await seedCampaign(db), await seedCampaign(db)];
    const expected = new Map(campaignIds.map((id) => [id, { accepted: 0, failed: 0 }]));
    const writers = [db, pool()];
    const folders = [pool(), pool()];
    let inserted = 0;
    let writing = true;
    let folded = 0;
    // each writer moves rows into "retrying" and, committed later, out again: the true count never goes
    // below 0, so a fold that clamped a "−k" before taking its "+k" would leave the counter too high
    const write = async (w: Db, seed: number) => {
      for (let i = 0; i < 120; i++) {
        const campaignId = campaignIds[(seed + i) % campaignIds.length]!;
        const k = 1 + ((seed * 7 + i) % 5);
        await addCounterDeltas(w, [{ campaignId, retrying: k, accepted: 1 }], i);
        await addCounterDeltas(w, [{ campaignId, retrying: -k, failed: 2 }], i);
        expected.get(campaignId)!.accepted += 1;
        expected.get(campaignId)!.failed += 2;
        inserted += 2;
      }
    };
    const fold = async (f: Db) => {
      while (writing) {
        const n = await foldCounterDeltas(f); // not `folded += await …`, which reads `folded` before waiting
        folded += n;
      }
    };
    const folding = folders.map(fold);
    await Promise.all(writers.flatMap((w, i) => [write(w, i * 2), write(w, i * 2 + 1)]));
    writing = false;
    await Promise.all(folding);
    folded += await foldCounterDeltas(db);
    expect(folded).toBe(inserted);
    expect(await pendingDeltas(db)).toBe(0);
    for (const [id, sums] of expected) {
      expect(await rawRow(db, id)).toMatchObject({ acceptedCount: sums.accepted, failedCount: sums.failed });
      expect((await rawRow(db, id)).retryingCount).toBe(0);
    }
  });

  it("never takes retrying below 0 when folding, nor in what readers add", async () => {
    const { db } = test;
    const campaignId = await seedCampaign(db, { status: "sending", retryingCount: 2 });
    await addCounterDeltas(db, [{ campaignId, retrying: -5 }], 1);
    await addCounterDeltas(db, [{ campaignId, retrying: 1 }], 2);
    expect((await getCampaign(db, campaignId)).counters.retrying).toBe(0);
    expect(await foldCounterDeltas(db)).toBe(2);
    expect((await rawRow(db, campaignId)).retryingCount).toBe(0);
    await addCounterDeltas(db, [{ campaignId, retrying: 3 }], 3);
    await foldCounterDeltas(db);
    expect((await rawRow(db, campaignId)).retryingCount).toBe(3);
  });

  it("folds a campaign's pending deltas as completeCampaign turns it sent, and leaves others' alone", async () => {
    const { db } = test;
    const { campaignId } = await acceptedCampaign(db, 3);
    await db.update(db.tables.campaigns).set({ snapshotDoneAt: now }).where(eq(db.tables.campaigns.id, campaignId));
    const other = await seedCampaign(db, { status: "sending" });
    await addCounterDeltas(db, [{ campaignId, shown: 2, clicked: 1, retrying: -1 }], 1);
    await addCounterDeltas(db, [{ campaignId: other, accepted: 4 }], 1);
    expect(await completeCampaign(db, campaignId, now)).toMatchObject({ status: "sent" });
    expect(await rawRow(db, campaignId)).toMatchObject({ status: "sent", shownCount: 2, clickedCount: 1 });
    expect((await rawRow(db, other)).acceptedCount).toBe(0);
    expect(await pendingDeltas(db)).toBe(1);
  });
});
