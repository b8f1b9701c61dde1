import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedUser } from "@/test/support/seeds";
import {
  FALLBACK_NOTIFICATION_DEFAULTS,
  getNotificationDefaults,
  notificationDefaultsSchema,
  setNotificationDefaults,
} from "@/lib/settings/notification-defaults";

const good = {
  siteName: "Acme News",
  icon: "/icons/icon-192.png",
  badge: "https://cdn.example.com/badge.png",
  defaultUrl: "/latest",
  ttl: 3600,
  urgency: "high" as const,
};

describe.each(ENGINES)("notification defaults on %s", (engine) => {
  const test = useTestDb(engine);

  it("start from the fallback, store a valid set and audit which fields changed", async () => {
    const owner = await seedUser(test.db, { role: "owner" });
    expect(await getNotificationDefaults(test.db)).toEqual(FALLBACK_NOTIFICATION_DEFAULTS);
    await setNotificationDefaults(test.db, good, { id: owner.id, email: owner.email });
    expect(await getNotificationDefaults(test.db)).toEqual(good);
    expect(await test.db.select().from(test.db.tables.auditLog)).toEqual([
      expect.objectContaining({
        action: "settings.notification_defaults",
        details: { changed: ["siteName", "badge", "defaultUrl", "ttl", "urgency"] },
      }),
    ]);
  });

  it("reads a corrupted stored value as the fallback", async () => {
    await test.db.insert(test.db.tables.settings).values({ key: "notification_defaults", value: { siteName: 42 } });
    expect(await getNotificationDefaults(test.db)).toEqual(FALLBACK_NOTIFICATION_DEFAULTS);
  });
});

describe("notification defaults", () => {
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
});
