// What an API key may do on /api/v1. Client-safe (the dashboard's scope checkboxes and the OpenAPI
// document read it); the api_keys table's `scopes` column takes its type from here.
import { z } from "zod";

export const API_SCOPES = [
  "notifications:send",
  "notifications:read",
  "subscriptions:read",
  "subscriptions:write",
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

/** One sentence each, shown beside the scope's checkbox and in the API reference. */
export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "notifications:send": "Send notifications to subscribers, to a segment or to one subscriber.",
  "notifications:read": "Read the notifications sent through the API and how their deliveries went.",
  "subscriptions:read": "List and look up subscriptions, with their topics and external ids.",
  "subscriptions:write": "Link subscriptions to your own user ids, change their topics and remove them.",
};

export const apiScopeSchema = z.enum(API_SCOPES, { error: "Choose one of the listed scopes." });

export const isApiScope = (value: unknown): value is ApiScope => (API_SCOPES as readonly unknown[]).includes(value);
