import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription } from "@/test/unit/segments/factory";
import { insertCampaign } from "@/test/support/engine-factories";
import { deliveries, receipts } from "@/lib/db/schema";
import {
  bucketSizeMs,
  campaignByPushService,
  campaignFailures,
  campaignFunnel,
  campaignTimeline,
} from "@/lib/stats/campaign";
import { explainFailure, isRetryableFailure } from "@/lib/stats/failure-reasons";

type TestDb = ReturnType<typeof createTestDb>;
let tokens = 0;
function addDelivery(
  db: TestDb,
  campaignId: number,
  subscriptionId: number,
  values: Partial<typeof deliveries.$inferInsert> = {},
) {
  return db
    .insert(deliveries)
    .values({ campaignId, subscriptionId, receiptToken: `t${++tokens}`, createdAt: 1, updatedAt: 1, ...values })
    .returning({ id: deliveries.id })
    .get().id;
}
const receipt = (
  db: TestDb,
  campaignId: number,
  deliveryId: number,
  kind: "shown" | "clicked" | "action" | "closed",
  createdAt: number,
) => db.insert(receipts).values({ campaignId, deliveryId, kind, createdAt }).run();

const T0 = Date.UTC(2030, 0, 1, 10, 0);

describe("campaign stats", () => {
  it("buckets accepted, shown and clicked over time with every bucket present", () => {
    const db = createTestDb();
    const id = insertCampaign(db, { status: "sent" });
    const d1 = addDelivery(db, id, addSubscription(db), { status: "accepted", acceptedAt: T0 + 5_000 });
    const d2 = addDelivery(db, id, addSubscription(db), { status: "accepted", acceptedAt: T0 + 61_000 });
    addDelivery(db, id, addSubscription(db), { status: "failed" });
    receipt(db, id, d1, "shown", T0 + 10_000);
    receipt(db, id, d1, "clicked", T0 + 3 * 60_000);
    receipt(db, id, d1, "action", T0 + 3 * 60_000); // same click, reported twice: counted once
    receipt(db, id, d2, "closed", T0 + 3 * 60_000);
    const other = insertCampaign(db);
    addDelivery(db, other, addSubscription(db), { status: "accepted", acceptedAt: T0 });
    const timeline = campaignTimeline(db, id, { from: T0, to: T0 + 4 * 60_000 });
    expect(timeline.bucketMs).toBe(60_000);
    expect(timeline.points).toEqual([
      { at: T0, accepted: 1, shown: 1, clicked: 0 },
      { at: T0 + 60_000, accepted: 1, shown: 0, clicked: 0 },
      { at: T0 + 120_000, accepted: 0, shown: 0, clicked: 0 },
      { at: T0 + 180_000, accepted: 0, shown: 0, clicked: 1 },
      { at: T0 + 240_000, accepted: 0, shown: 0, clicked: 0 },
    ]);
  });

  it("picks minutes, hours or days and caps the number of points", () => {
    expect(bucketSizeMs(0)).toBe(60_000);
    expect(bucketSizeMs(3 * 3_600_000)).toBe(3_600_000);
    expect(bucketSizeMs(10 * 86_400_000)).toBe(86_400_000);
    const db = createTestDb();
    const id = insertCampaign(db);
    expect(campaignTimeline(db, id, { from: 0, to: 2_000 * 86_400_000 }).points.length).toBeLessThanOrEqual(200);
    expect(campaignTimeline(db, id, { from: T0, to: T0 - 5 }).points).toHaveLength(1);
  });

  it("splits deliveries and receipts by push service", () => {
    const db = createTestDb();
    const id = insertCampaign(db);
    const a = addDelivery(db, id, addSubscription(db, { pushService: "mozilla" }), { status: "accepted" });
    addDelivery(db, id, addSubscription(db, { pushService: "fcm" }), { status: "accepted" });
    addDelivery(db, id, addSubscription(db, { pushService: "fcm" }), { status: "expired" });
    addDelivery(db, id, addSubscription(db, { pushService: "fcm" }), { status: "failed" });
    receipt(db, id, a, "shown", T0);
    receipt(db, id, a, "clicked", T0);
    expect(campaignByPushService(db, id)).toEqual([
      { pushService: "fcm", targeted: 3, accepted: 1, failed: 1, expired: 1, shown: 0, clicked: 0 },
      { pushService: "mozilla", targeted: 1, accepted: 1, failed: 0, expired: 0, shown: 1, clicked: 1 },
    ]);
    expect(campaignByPushService(db, insertCampaign(db))).toEqual([]);
  });

  it("groups failures by code and meaning, most frequent first", () => {
    const db = createTestDb();
    const id = insertCampaign(db);
    const fail = (statusCode: number | null, error: string, status: "failed" | "expired" = "failed") =>
      addDelivery(db, id, addSubscription(db), { status, statusCode, error });
    fail(410, "push service answered 410: subscription gone", "expired");
    fail(410, "push service answered 410: subscription gone", "expired");
    fail(404, "push service answered 404: subscription gone", "expired");
    fail(403, "VAPID");
    fail(429, "gave up after 6 attempts: 429 throttled");
    fail(429, "gave up after 5 attempts: 429 throttled");
    fail(null, "gave up after 6 attempts: ECONNRESET");
    addDelivery(db, id, addSubscription(db), { status: "accepted", statusCode: 201 });
    const groups = campaignFailures(db, id);
    expect(groups.map((g) => [g.statusCode, g.count, g.title, g.retryable])).toEqual([
      [410, 2, "Subscription gone", false],
      [429, 2, "Throttled", true],
      [403, 1, "VAPID keys rejected", false],
      [404, 1, "Subscription gone", false],
      [null, 1, "No answer", true],
    ]);
    expect(groups[0]!.explanation).toMatch(/unsubscribed|expired/);
  });

  it("explains the status codes an admin meets", () => {
    expect(explainFailure(403, null).explanation).toMatch(/VAPID keys don't match/);
    expect(explainFailure(413, null).title).toBe("Payload too large");
    expect(explainFailure(502, "gave up after 6 attempts").retryable).toBe(true);
    expect(explainFailure(null, "endpoint refused: host not allowed").title).toBe("Endpoint not allowed");
    expect(explainFailure(429, "TTL elapsed before delivery (last: 429)")).toMatchObject({
      title: "Time to live ran out",
      retryable: false,
    });
    expect(explainFailure(418, "teapot").title).toBe("Status 418");
    expect(isRetryableFailure(400, "bad")).toBe(false);
  });

  it("reads the funnel straight from the counters", () => {
    const steps = campaignFunnel({
      targeted: 10,
      accepted: 9,
      shown: 5,
      clicked: 2,
      retrying: 0,
      failed: 1,
      expired: 0,
      closed: 0,
    });
    expect(steps.map((s) => s.value)).toEqual([10, 9, 5, 2]);
  });
});
