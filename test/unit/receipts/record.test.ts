import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries, receipts, subscriptions } from "@/lib/db/schema";
import { recordReceipt } from "@/lib/receipts/record";
import { saveSubscription } from "@/lib/subscriptions/mutations";
import { createTestDb } from "@/test/support/db";
import { VAPID, browserSubscription, seedTopics } from "../subscriptions/helpers";

const t0 = new Date("2030-05-01T10:00:00Z");

function setup(db: Db) {
  seedTopics(db);
  saveSubscription(db, browserSubscription(), { extraHosts: [], vapidPublicKey: VAPID.publicKey, now: t0 });
  const subscriptionId = db.select().from(subscriptions).get()!.id;
  const campaign = db
    .insert(campaigns)
    .values({
      title: "Hello",
      audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
    })
    .returning()
    .get();
  const token = "tok_abcdefghijklmnopqrstuvwx";
  db.insert(deliveries)
    .values({
      campaignId: campaign.id,
      subscriptionId,
      receiptToken: token,
      createdAt: 0,
      updatedAt: 0,
      status: "accepted",
    })
    .run();
  return { campaignId: campaign.id, subscriptionId, token };
}

function counters(db: Db, id: number) {
  const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
  return { shown: row.shownCount, clicked: row.clickedCount, closed: row.closedCount };
}

describe("recordReceipt", () => {
  let db: Db;
  let ids: ReturnType<typeof setup>;
  beforeEach(() => {
    db = createTestDb();
    ids = setup(db);
  });

  it("stores each (delivery, kind) once and counts only the first", () => {
    expect(recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("recorded");
    expect(recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("duplicate");
    expect(recordReceipt(db, { token: ids.token, kind: "shown" }, t0)).toBe("duplicate");
    expect(recordReceipt(db, { token: ids.token, kind: "closed" }, t0)).toBe("recorded");
    expect(counters(db, ids.campaignId)).toEqual({ shown: 1, clicked: 0, closed: 1 });
    expect(db.select().from(receipts).all()).toHaveLength(2);
  });

  it("counts a click once whether it came from the body or an action button", () => {
    const later = new Date(t0.getTime() + 60_000);
    expect(recordReceipt(db, { token: ids.token, kind: "action", action: "read" }, later)).toBe("recorded");
    expect(recordReceipt(db, { token: ids.token, kind: "clicked" }, later)).toBe("recorded");
    expect(recordReceipt(db, { token: ids.token, kind: "action", action: "other" }, later)).toBe("duplicate");
    expect(counters(db, ids.campaignId)).toEqual({ shown: 0, clicked: 1, closed: 0 });
    const actionRow = db.select().from(receipts).where(eq(receipts.kind, "action")).get()!;
    expect(actionRow.action).toBe("read");
    const sub = db.select().from(subscriptions).get()!;
    expect(sub.lastClickedAt).toEqual(later);
    expect(sub.lastSeenAt).toEqual(later);
  });

  it("updates lastSeenAt but not lastClickedAt for shown", () => {
    const later = new Date(t0.getTime() + 5_000);
    recordReceipt(db, { token: ids.token, kind: "shown" }, later);
    const sub = db.select().from(subscriptions).get()!;
    expect(sub.lastSeenAt).toEqual(later);
    expect(sub.lastClickedAt).toBeNull();
  });

  it("writes nothing for an unknown token", () => {
    expect(recordReceipt(db, { token: "unknown_token_000000000000", kind: "clicked" }, t0)).toBe("unknown_token");
    expect(db.select().from(receipts).all()).toHaveLength(0);
    expect(counters(db, ids.campaignId)).toEqual({ shown: 0, clicked: 0, closed: 0 });
  });
});
