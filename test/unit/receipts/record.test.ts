import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { recordReceipt } from "@/lib/receipts/record";
import { saveSubscription } from "@/lib/subscriptions/mutations";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { campaignRowOn } from "@/test/support/queue-reads";
import { VAPID, browserSubscription, seedTopicsIn } from "../subscriptions/helpers";

const t0 = new Date("2030-05-01T10:00:00Z");

async function setup(db: Db) {
  const { campaigns, deliveries, subscriptions } = db.tables;
  await seedTopicsIn(db);
  await saveSubscription(db, browserSubscription(), { extraHosts: [], vapidPublicKey: VAPID.publicKey, now: t0 });
  const [subscription] = await db.select().from(subscriptions);
  const subscriptionId = subscription!.id;
  const [campaign] = await db
    .insert(campaigns)
    .values({
      title: "Hello",
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    })
    .returning();
  const token = "tok_abcdefghijklmnopqrstuvwx";
  await db.insert(deliveries).values({
    campaignId: campaign!.id,
    subscriptionId,
    receiptToken: token,
    createdAt: 0,
    updatedAt: 0,
    status: "accepted",
  });
  return { campaignId: campaign!.id, subscriptionId, token };
}

/** As the readers see them: on PostgreSQL with the counter deltas not yet folded. */
async function counters(db: Db, id: number) {
  const row = await campaignRowOn(db, id);
  return { shown: row.shownCount, clicked: row.clickedCount, closed: row.closedCount };
}

async function onlySubscription(db: Db) {
  const [row] = await db.select().from(db.tables.subscriptions);
  return row!;
}

describe.each(ENGINES)("recordReceipt on %s", (engine) => {
  const test = useTestDb(engine);
  let ids: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    ids = await setup(test.db);
  });

  it("stores each (delivery, kind) once and counts only the first", async () => {
    const db = test.db;
    expect(await recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("recorded");
    expect(await recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("duplicate");
    expect(await recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("duplicate");
    expect(await recordReceipt(db, { token: ids.token, kind: "closed" }, t0)).toBe("recorded");
    expect(await counters(db, ids.campaignId)).toEqual({ shown: 1, clicked: 0, closed: 1 });
    expect(await db.select().from(db.tables.receipts)).toHaveLength(2);
  });

  it("counts a click once whether it came from the body or an action button", async () => {
    const db = test.db;
    const later = new Date(t0.getTime() + 60_000);
    expect(await recordReceipt(db, { token: ids.token, kind: "action", action: "read" }, later)).toBe("recorded");
    expect(await recordReceipt(db, { token: ids.token, kind: "clicked" }, later)).toBe("recorded");
    expect(await recordReceipt(db, { token: ids.token, kind: "action", action: "other" }, later)).toBe("duplicate");
    expect(await counters(db, ids.campaignId)).toEqual({ shown: 0, clicked: 1, closed: 0 });
    const { receipts } = db.tables;
    const [actionRow] = await db.select().from(receipts).where(eq(receipts.kind, "action"));
    expect(actionRow!.action).toBe("read");
    const sub = await onlySubscription(db);
    expect(sub.lastClickedAt).toEqual(later);
    expect(sub.lastSeenAt).toEqual(later);
  });

  it("counts a click once when the body and an action button report at the same time", async () => {
    const db = test.db;
    const outcomes = await Promise.all([
      recordReceipt(db, { token: ids.token, kind: "clicked" }, t0),
      recordReceipt(db, { token: ids.token, kind: "action", action: "read" }, t0),
      recordReceipt(db, { token: ids.token, kind: "clicked" }, t0),
    ]);
    expect(outcomes.sort()).toEqual(["duplicate", "recorded", "recorded"]);
    expect(await counters(db, ids.campaignId)).toEqual({ shown: 0, clicked: 1, closed: 0 });
  });

  it("updates lastSeenAt but not lastClickedAt for shown", async () => {
    const db = test.db;
    const later = new Date(t0.getTime() + 5_000);
    await recordReceipt(db, { token: ids.token, kind: "shown" }, later);
    const sub = await onlySubscription(db);
    expect(sub.lastSeenAt).toEqual(later);
    expect(sub.lastClickedAt).toBeNull();
  });

  it("writes nothing for an unknown token", async () => {
    const db = test.db;
    expect(await recordReceipt(db, { token: "unknown_token_000000000000", kind: "clicked" }, t0)).toBe("unknown_token");
    // what a hostile client might send as a token is a value, never SQL
    for (const token of ["' OR '1'='1", `${ids.token}' --`, "%", "tok_%"])
      expect(await recordReceipt(db, { token, kind: "shown" }, t0)).toBe("unknown_token");
    expect(await db.select().from(db.tables.receipts)).toHaveLength(0);
    expect(await counters(db, ids.campaignId)).toEqual({ shown: 0, clicked: 0, closed: 0 });
  });
});
