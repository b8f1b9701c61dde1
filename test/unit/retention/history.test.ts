// A campaign page tells "retention trimmed this history" from "nothing was sent": only a finished
// campaign with an audience, past the cutoff, with no delivery row left, counts as trimmed.
import { describe, expect, it } from "vitest";
import { campaigns, deliveries, subscriptions } from "@/lib/db/schema";
import { trimmedHistory } from "@/lib/retention/history";
import { createTestDb } from "@/test/support/db";

const NOW = new Date("2026-12-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const audience = { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] };

describe("trimmedHistory", () => {
  const db = createTestDb();
  const campaign = (status: "sent" | "cancelled" | "sending", completedAt: Date | null, targeted = 10) => {
    const row = db
      .insert(campaigns)
      .values({ title: "T", audience, status, targetedCount: targeted, completedAt, updatedAt: completedAt ?? NOW })
      .returning()
      .get();
    return { id: row.id, status: row.status, targeted, completedAt: row.completedAt, updatedAt: row.updatedAt };
  };

  it("is trimmed for a finished campaign past the cutoff with no delivery left", () => {
    expect(trimmedHistory(db, campaign("sent", daysAgo(100)), 90, NOW)).toEqual({
      trimmed: true,
      retentionDays: 90,
      finishedAt: daysAgo(100),
    });
    expect(trimmedHistory(db, campaign("cancelled", daysAgo(91)), 90, NOW).trimmed).toBe(true);
  });

  it("is not trimmed while rows are left, before the cutoff, with retention off, unfinished or without an audience", () => {
    const withRows = campaign("sent", daysAgo(100));
    const sub = db
      .insert(subscriptions)
      .values({
        endpoint: "https://fcm.googleapis.com/fcm/send/h",
        p256dh: "p",
        auth: "a",
        pushService: "fcm",
        pushHost: "fcm.googleapis.com",
        browser: "chrome",
        platform: "linux",
        vapidPublicKey: "k",
      })
      .returning()
      .get();
    db.insert(deliveries)
      .values({
        campaignId: withRows.id,
        subscriptionId: sub.id,
        receiptToken: "t".repeat(24),
        status: "accepted",
        createdAt: 0,
        updatedAt: 0,
      })
      .run();
    expect(trimmedHistory(db, withRows, 90, NOW).trimmed).toBe(false);
    expect(trimmedHistory(db, campaign("sent", daysAgo(30)), 90, NOW).trimmed).toBe(false);
    expect(trimmedHistory(db, campaign("sent", daysAgo(100)), 0, NOW).trimmed).toBe(false);
    expect(trimmedHistory(db, campaign("sending", null), 90, NOW).trimmed).toBe(false);
    expect(trimmedHistory(db, campaign("sent", daysAgo(100), 0), 90, NOW).trimmed).toBe(false);
  });
});
