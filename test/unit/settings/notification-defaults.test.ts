import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { auditLog, settings } from "@/lib/db/schema";
import {
  FALLBACK_NOTIFICATION_DEFAULTS,
  getNotificationDefaults,
  notificationDefaultsSchema,
  setNotificationDefaults,
} from "@/lib/settings/notification-defaults";
import { addUser } from "@/test/support/users";

const good = {
  siteName: "Acme News",
  icon: "/icons/icon-192.png",
  badge: "https://cdn.example.com/badge.png",
  defaultUrl: "/latest",
  ttl: 3600,
  urgency: "high" as const,
};

describe("notification defaults", () => {
  it("start from the fallback, store a valid set and audit which fields changed", async () => {
    const db = createTestDb();
    const owner = await addUser(db, "owner");
    expect(getNotificationDefaults(db)).toEqual(FALLBACK_NOTIFICATION_DEFAULTS);
    setNotificationDefaults(db, good, { id: owner.id, email: owner.email });
    expect(getNotificationDefaults(db)).toEqual(good);
    expect(db.select().from(auditLog).get()).toMatchObject({
      action: "settings.notification_defaults",
      details: { changed: ["siteName", "badge", "defaultUrl", "ttl", "urgency"] },
    });
  });

  it("refuses hostile URLs, wrong types and out-of-range TTLs", () => {
    const bad = [
      { icon: "javascript:alert(1)" },
      { icon: "//evil.example/x.png" },
      { badge: "http://insecure.example/b.png" },
      { defaultUrl: "data:text/html,<script>" },
      { defaultUrl: "/a b" },
      { ttl: -1 },
      { ttl: 2_419_201 },
      { ttl: "soon" },
      { ttl: 1.5 },
      { urgency: "urgent" },
      { siteName: "" },
      { siteName: "x".repeat(81) },
    ];
    for (const override of bad)
      expect(notificationDefaultsSchema.safeParse({ ...good, ...override }).success, JSON.stringify(override)).toBe(
        false,
      );
  });

  it("reads a corrupted stored value as the fallback", () => {
    const db = createTestDb();
    db.insert(settings)
      .values({ key: "notification_defaults", value: { siteName: 42 } })
      .run();
    expect(getNotificationDefaults(db)).toEqual(FALLBACK_NOTIFICATION_DEFAULTS);
  });
});
