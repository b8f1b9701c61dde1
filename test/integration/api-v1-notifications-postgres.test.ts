// /api/v1 subscriptions, users, topics and segments (api-v1-notifications-suite.ts) on PostgreSQL.
import { vi } from "vitest";
import { defineApiNotificationsSuite } from "./api-v1-notifications-suite";

const drop = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a fresh PostgreSQL database first
  const { useFreshPostgresEnv } = await import("@/test/support/fresh-postgres-env");
  return useFreshPostgresEnv("api_notifications");
});

defineApiNotificationsSuite(drop);
