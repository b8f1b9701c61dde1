import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";
import { SUBSCRIPTION_STATUSES, PUSH_SERVICES } from "./enums";
import { users } from "./users";

export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    endpoint: text().notNull(), // a bearer capability: never log or show it whole
    p256dh: text(), // base64url; wiped (null) when the visitor unsubscribes
    auth: text(), // base64url; wiped (null) when the visitor unsubscribes
    expirationTime: integer({ mode: "timestamp_ms" }),
    status: text({ enum: SUBSCRIPTION_STATUSES }).notNull().default("active"),
    pushService: text({ enum: PUSH_SERVICES }).notNull(),
    pushHost: text().notNull(),
    browser: text().notNull().default("unknown"),
    platform: text().notNull().default("unknown"),
    language: text(),
    timeZone: text(),
    vapidPublicKey: text().notNull(), // the application server key this subscription was made with
    userId: integer().references(() => users.id, { onDelete: "set null" }), // an admin's own device
    externalId: text(), // the site's own user id (set by its back-end, or signed at opt-in): a user's devices
    lastSeenAt: integer({ mode: "timestamp_ms" }),
    lastClickedAt: integer({ mode: "timestamp_ms" }),
    unsubscribedAt: integer({ mode: "timestamp_ms" }),
    expiredAt: integer({ mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    // create-or-refresh and every visitor change look a subscription up by endpoint
    uniqueIndex("subscriptions_endpoint_unique").on(t.endpoint),
    // audience snapshots and the subscriber list filter active rows in id order (keyset pagination)
    index("subscriptions_status_id_idx").on(t.status, t.id),
    // subscriber filters and the overview's split by push service
    index("subscriptions_push_service_idx").on(t.pushService, t.status),
    index("subscriptions_browser_idx").on(t.browser, t.status),
    index("subscriptions_platform_idx").on(t.platform, t.status),
    index("subscriptions_language_idx").on(t.language, t.status),
    // growth per day and "subscribed before/after" segments
    index("subscriptions_created_at_idx").on(t.createdAt),
    // "last active before/after" segments
    index("subscriptions_last_seen_idx").on(t.lastSeenAt),
    // "clicked in the last N days" segments
    index("subscriptions_last_clicked_idx").on(t.lastClickedAt),
    // "send a test to my devices"
    index("subscriptions_user_idx").on(t.userId),
    // "send to these users" and GET /api/v1/users/{externalId}
    index("subscriptions_external_id_idx").on(t.externalId, t.status),
    // the push doctor counts subscriptions made with an older key
    index("subscriptions_vapid_key_idx").on(t.vapidPublicKey, t.status),
  ],
);
