// The answers of /api/v1/notifications as JSON Schema for the reference: what createApiNotification and
// the notification queries (lib/api-notifications) return, as a client reads it (times in ISO 8601).
import { z } from "zod";
import { CAMPAIGN_SOURCES, CAMPAIGN_STATUSES } from "@/lib/db/schema/enums";

const count = z.number().int().min(0);

export const notificationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  title: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  outcome: z
    .enum([
      "draft",
      "scheduled",
      "sending",
      "paused",
      "sent",
      "sent_with_failures",
      "failed",
      "sent_to_nobody",
      "cancelled",
    ])
    .describe("what the status and the counters mean together"),
  source: z.enum(CAMPAIGN_SOURCES).describe('"api" for sends through this API, "dashboard" for campaigns'),
  createdAt: z.iso.datetime(),
  scheduledAt: z.iso.datetime().nullable().describe("when a scheduled send starts; null when sent at once"),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  counters: z.object({
    targeted: count,
    accepted: count.describe("taken by the push service"),
    retrying: count,
    failed: count,
    expired: count.describe("the push service said the subscription is gone (404/410)"),
    shown: count.describe("the service worker showed it"),
    clicked: count,
    closed: count,
  }),
});

export const createdNotificationSchema = z.object({
  id: z.number().int(),
  status: z.enum(CAMPAIGN_STATUSES),
  targeted: count.describe("subscriptions it goes to; 0 is a valid answer (no device matched)"),
  sendAt: z.iso.datetime().nullable(),
});
