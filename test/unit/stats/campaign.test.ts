import { describe, expect, it } from "vitest";
import {
  bucketSizeMs,
  campaignByPushService,
  campaignFailures,
  campaignFunnel,
  campaignTimeline,
} from "@/lib/stats/campaign";
import { explainFailure, isRetryableFailure } from "@/lib/stats/failure-reasons";
import type { DeliveryStatus, PushService } from "@/lib/db/schema/enums";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedReceipt, seedSubscription } from "@/test/support/seeds";

const T0 = Date.UTC(2030, 0, 1, 10, 0);

describe.each(ENGINES)("campaign stats on %s", (engine) => {
  const test = useTestDb(engine);

  it("buckets accepted, shown and clicked over time with every bucket present", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "sent" });
    const d1 = await seedDelivery(db, {
      campaignId: id,
      subscriptionId: await seedSubscription(db),
      status: "accepted",
      acceptedAt: T0 + 5_000,
    });
    const d2 = await seedDelivery(db, {
      campaignId: id,
      subscriptionId: await seedSubscription(db),
      status: "accepted",
      acceptedAt: T0 + 61_000,
    });
    await seedDelivery(db, { campaignId: id, subscriptionId: await seedSubscription(db), status: "failed" });
    await seedReceipt(db, { campaignId: id, deliveryId: d1, kind: "shown", createdAt: T0 + 10_000 });
    await seedReceipt(db, { campaignId: id, deliveryId: d1, kind: "clicked", createdAt: T0 + 3 * 60_000 });
    await seedReceipt(db, { campaignId: id, deliveryId: d1, kind: "action", createdAt: T0 + 3 * 60_000 }); // same click, reported twice: counted once
    await seedReceipt(db, { campaignId: id, deliveryId: d2, kind: "closed", createdAt: T0 + 3 * 60_000 });
    const other = await seedCampaign(db);
    await seedDelivery(db, {
      campaignId: other,
      subscriptionId: await seedSubscription(db),
      status: "accepted",
      acceptedAt: T0,
    });
    const timeline = await campaignTimeline(db, id, { from: T0, to: T0 + 4 * 60_000 });
    expect(timeline.bucketMs).toBe(60_000);
    expect(timeline.points).toEqual([
      { at: T0, accepted: 1, shown: 1, clicked: 0 },
      { at: T0 + 60_000, accepted: 1, shown: 0, clicked: 0 },
      { at: T0 + 120_000, accepted: 0, shown: 0, clicked: 0 },
      { at: T0 + 180_000, accepted: 0, shown: 0, clicked: 1 },
      { at: T0 + 240_000, accepted: 0, shown: 0, clicked: 0 },
    ]);
  });

  it("picks minutes, hours or days and caps the number of points", async () => {
    expect(bucketSizeMs(0)).toBe(60_000);
    expect(bucketSizeMs(3 * 3_600_000)).toBe(3_600_000);
    expect(bucketSizeMs(10 * 86_400_000)).toBe(86_400_000);
    const db = test.db;
    const id = await seedCampaign(db);
    expect((await campaignTimeline(db, id, { from: 0, to: 2_000 * 86_400_000 })).points.length).toBeLessThanOrEqual(
      200,
    );
    expect((await campaignTimeline(db, id, { from: T0, to: T0 - 5 })).points).toHaveLength(1);
  });

  it("floors hour and day buckets to UTC hours and UTC midnights", async () => {
    const db = test.db;
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    const id = await seedCampaign(db, { status: "sent" });
    const midnight = Date.UTC(2030, 0, 2);
    // a second before and at a UTC midnight, and late in the day
    for (const acceptedAt of [midnight - 1_000, midnight, midnight + 23 * HOUR + 59 * 60_000])
      await seedDelivery(db, {
        campaignId: id,
        subscriptionId: await seedSubscription(db),
        status: "accepted",
        acceptedAt,
      });

    const hourly = await campaignTimeline(db, id, { from: midnight - 2 * HOUR, to: midnight + DAY });
    expect(hourly.bucketMs).toBe(HOUR);
    const busyHours = hourly.points
      .filter((p) => p.accepted > 0)
      .map((p) => [new Date(p.at).toISOString(), p.accepted]);
    expect(busyHours).toEqual([
      ["2030-01-01T23:00:00.000Z", 1],
      ["2030-01-02T00:00:00.000Z", 1],
      ["2030-01-02T23:00:00.000Z", 1],
    ]);

    const daily = await campaignTimeline(db, id, { from: midnight - DAY, to: midnight + 4 * DAY });
    expect(daily.bucketMs).toBe(DAY);
    expect(daily.points.slice(0, 3).map((p) => [new Date(p.at).toISOString(), p.accepted])).toEqual([
      ["2030-01-01T00:00:00.000Z", 1],
      ["2030-01-02T00:00:00.000Z", 2],
      ["2030-01-03T00:00:00.000Z", 0],
    ]);
  });

  it("splits deliveries and receipts by push service", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    const deliver = async (pushService: PushService, status: DeliveryStatus) =>
      seedDelivery(db, { campaignId: id, subscriptionId: await seedSubscription(db, { pushService }), status });
    const a = await deliver("mozilla", "accepted");
    await deliver("fcm", "accepted");
    await deliver("fcm", "expired");
    await deliver("fcm", "failed");
    await seedReceipt(db, { campaignId: id, deliveryId: a, kind: "shown", createdAt: T0 });
    await seedReceipt(db, { campaignId: id, deliveryId: a, kind: "clicked", createdAt: T0 });
    expect(await campaignByPushService(db, id)).toEqual([
      { pushService: "fcm", targeted: 3, accepted: 1, failed: 1, expired: 1, shown: 0, clicked: 0 },
      { pushService: "mozilla", targeted: 1, accepted: 1, failed: 0, expired: 0, shown: 1, clicked: 1 },
    ]);
    expect(await campaignByPushService(db, await seedCampaign(db))).toEqual([]);
  });

  it("groups failures by code and meaning, most frequent first", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    const fail = async (statusCode: number | null, error: string, status: "failed" | "expired" = "failed") =>
      seedDelivery(db, { campaignId: id, subscriptionId: await seedSubscription(db), status, statusCode, error });
    await fail(410, "push service answered 410: subscription gone", "expired");
    await fail(410, "push service answered 410: subscription gone", "expired");
    await fail(404, "push service answered 404: subscription gone", "expired");
    await fail(403, "VAPID");
    await fail(429, "gave up after 6 attempts: 429 throttled");
    await fail(429, "gave up after 5 attempts: 429 throttled");
    await fail(null, "gave up after 6 attempts: ECONNRESET");
    await seedDelivery(db, {
      campaignId: id,
      subscriptionId: await seedSubscription(db),
      status: "accepted",
      statusCode: 201,
    });
    const groups = await campaignFailures(db, id);
    expect(groups.map((g) => [g.statusCode, g.count, g.title, g.retryable])).toEqual([
      [410, 2, "Subscription gone", false],
      [429, 2, "Throttled", true],
      [403, 1, "VAPID keys rejected", false],
      [404, 1, "Subscription gone", false],
      [null, 1, "No answer", true],
    ]);
    expect(groups[0]!.explanation).toMatch(/unsubscribed|expired/);
  });
});

describe("campaign stats without a database", () => {
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
