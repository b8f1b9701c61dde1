// Status values as const tuples: used by the Drizzle columns, by z.enum and by the state machines.
// This file imports nothing so that client code can import it freely.

export const USER_ROLES = ["owner", "editor", "viewer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SUBSCRIPTION_STATUSES = ["active", "unsubscribed", "expired"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const PUSH_SERVICES = ["fcm", "mozilla", "apple", "wns", "other"] as const;
export type PushService = (typeof PUSH_SERVICES)[number];

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_SOURCES = ["dashboard", "api"] as const;
export type CampaignSource = (typeof CAMPAIGN_SOURCES)[number];

export const DELIVERY_STATUSES = [
  "queued",
  "sending",
  "accepted",
  "retrying",
  "failed",
  "expired",
  "cancelled",
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const URGENCIES = ["very-low", "low", "normal", "high"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const RECEIPT_KINDS = ["shown", "clicked", "closed", "action"] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export const OPTIN_EVENTS = ["prompt_seen", "optin_clicked", "granted", "denied", "unsubscribed"] as const;
export type OptinEvent = (typeof OPTIN_EVENTS)[number];
