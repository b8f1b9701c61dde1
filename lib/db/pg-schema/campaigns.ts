import { pgTable, integer, text, boolean, jsonb, timestamp, index } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { CAMPAIGN_SOURCES, CAMPAIGN_STATUSES, URGENCIES } from "../schema/enums";
import { users } from "./users";
import { apiKeys } from "./api-keys";
import type { CampaignAction, CampaignAudience, CampaignData } from "../schema/campaigns";

export const campaigns = pgTable(
  "campaigns",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    name: text(),
    // content
    title: text().notNull(),
    body: text().notNull().default(""),
    icon: text(),
    image: text(),
    badge: text(),
    url: text(), // absolute http(s) click URL
    actions: jsonb().$type<CampaignAction[]>().notNull().default([]),
    tag: text(),
    renotify: boolean().notNull().default(false),
    requireInteraction: boolean().notNull().default(false),
    silent: boolean().notNull().default(false),
    appBadge: integer(),
    data: jsonb().$type<CampaignData>(),
    // delivery options (RFC 8030)
    ttl: integer().notNull().default(86_400),
    urgency: text({ enum: URGENCIES }).notNull().default("normal"),
    topic: text(),
    sendRatePerMinute: integer(), // null: as fast as the push services allow
    errorRateThreshold: integer().notNull().default(50), // percent of failures that pauses the campaign
    // audience and lifecycle
    audience: jsonb().$type<CampaignAudience>().notNull(),
    status: text({ enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    statusReason: text(), // why it paused itself, for example
    scheduledAt: timestamp({ withTimezone: true, precision: 3 }),
    startedAt: timestamp({ withTimezone: true, precision: 3 }),
    completedAt: timestamp({ withTimezone: true, precision: 3 }),
    // the audience snapshot is written in chunks; this is the last subscription id written (resumable)
    snapshotCursor: integer(),
    snapshotDoneAt: timestamp({ withTimezone: true, precision: 3 }),
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
    source: text({ enum: CAMPAIGN_SOURCES }).notNull().default("dashboard"),
    apiKeyId: integer().references(() => apiKeys.id, { onDelete: "set null" }),
    priority: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    // the campaign list filters by status, newest first; the scheduler finds due scheduled campaigns
    index("campaigns_status_idx").on(t.status, t.scheduledAt),
    index("campaigns_created_at_idx").on(t.createdAt),
  ],
);
