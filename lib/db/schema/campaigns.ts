import { sqliteTable, integer, text, index } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns";
import { CAMPAIGN_SOURCES, CAMPAIGN_STATUSES, URGENCIES } from "./enums";
import { users } from "./users";
import { apiKeys } from "./api-keys";

/** An action button; without a url it only closes the notification. */
export type CampaignAction = { action: string; title: string; url?: string };
export type CampaignAudience = {
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  includeTopicIds: number[];
  excludeTopicIds: number[];
  /** API sends to named users or subscriptions: only these subscriptions (still active at the snapshot). */
  subscriptionIds?: number[];
};
/** The site's own JSON an API send carries to the service worker (notification.data.app). */
export type CampaignData = Record<string, unknown>;

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    // what the list shows; null: the title (an API send may name itself apart from what people read)
    name: text(),
    // content
    title: text().notNull(),
    body: text().notNull().default(""),
    icon: text(),
    image: text(),
    badge: text(),
    url: text(), // absolute http(s) click URL
    actions: text({ mode: "json" }).$type<CampaignAction[]>().notNull().default([]),
    tag: text(),
    renotify: integer({ mode: "boolean" }).notNull().default(false),
    requireInteraction: integer({ mode: "boolean" }).notNull().default(false),
    silent: integer({ mode: "boolean" }).notNull().default(false),
    appBadge: integer(),
    data: text({ mode: "json" }).$type<CampaignData>(),
    // delivery options (RFC 8030)
    ttl: integer().notNull().default(86_400),
    urgency: text({ enum: URGENCIES }).notNull().default("normal"),
    topic: text(),
    sendRatePerMinute: integer(), // null: as fast as the push services allow
    errorRateThreshold: integer().notNull().default(50), // percent of failures that pauses the campaign
    // audience and lifecycle
    audience: text({ mode: "json" }).$type<CampaignAudience>().notNull(),
    status: text({ enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    statusReason: text(), // why it paused itself, for example
    scheduledAt: integer({ mode: "timestamp_ms" }),
    startedAt: integer({ mode: "timestamp_ms" }),
    completedAt: integer({ mode: "timestamp_ms" }),
    // the audience snapshot is written in chunks; this is the last subscription id written (resumable)
    snapshotCursor: integer(),
    snapshotDoneAt: integer({ mode: "timestamp_ms" }),
    // counters kept current by the sender and the receipts endpoint, so dashboards never scan deliveries
    targetedCount: integer().notNull().default(0),
    acceptedCount: integer().notNull().default(0),
    retryingCount: integer().notNull().default(0),
    failedCount: integer().notNull().default(0),
    expiredCount: integer().notNull().default(0),
    shownCount: integer().notNull().default(0),
    clickedCount: integer().notNull().default(0),
    closedCount: integer().notNull().default(0),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    // "api": sent by the site's back-end through /api/v1 with this key (its name is shown in the list)
    source: text({ enum: CAMPAIGN_SOURCES }).notNull().default("dashboard"),
    apiKeyId: integer().references(() => apiKeys.id, { onDelete: "set null" }),
    // 1: an API send to a few people, claimed before the bulk campaigns' backlog (lib/sender/runner.ts)
    priority: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // the campaign list filters by status, newest first; the scheduler finds due scheduled campaigns
    index("campaigns_status_idx").on(t.status, t.scheduledAt),
    index("campaigns_created_at_idx").on(t.createdAt),
  ],
);
