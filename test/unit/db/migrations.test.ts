import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";

describe("migrations", () => {
  it("apply on an empty database and create every table", () => {
    const db = createTestDb();
    const tables = db.$client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .pluck()
      .all();
    expect(tables).toEqual([
      "api_keys",
      "audit_log",
      "auth_throttle",
      "campaign_counter_deltas",
      "campaigns",
      "deliveries",
      "idempotency_keys",
      "invitations",
      "optin_events",
      "password_resets",
      "push_origins",
      "rate_limit_buckets",
      "receipts",
      "revoked_sessions",
      "segments",
      "settings",
      "subscription_topics",
      "subscriptions",
      "topics",
      "users",
    ]);
  });

  it("turn foreign keys on", () => {
    const db = createTestDb();
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("are idempotent when applied twice", async () => {
    const db = createTestDb();
    const { migrateDatabase } = await import("@/lib/db/client");
    expect(() => migrateDatabase(db)).not.toThrow();
  });
});
