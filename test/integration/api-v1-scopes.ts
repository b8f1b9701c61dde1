// The scope every /api/v1 operation needs, as the API's users are told. api-v1-suite.ts walks app/api/v1
// and fails when an operation is missing here or declares another scope, then calls every operation
// with a key of every scope: only the named one gets past the door.
import type { ApiScope } from "@/lib/api-keys/scopes";

export const SCOPE_TABLE: Record<string, ApiScope> = {
  "GET notifications": "notifications:read",
  "POST notifications": "notifications:send",
  "GET notifications/[id]": "notifications:read",
  "POST notifications/[id]/cancel": "notifications:send",
  "GET subscriptions": "subscriptions:read",
  "GET subscriptions/[id]": "subscriptions:read",
  "PATCH subscriptions/[id]": "subscriptions:write",
  "DELETE subscriptions/[id]": "subscriptions:write",
  "PUT subscriptions/[id]/user": "subscriptions:write",
  "GET users/[externalId]": "subscriptions:read",
  "DELETE users/[externalId]": "subscriptions:write",
  "GET topics": "subscriptions:read",
  "GET segments": "subscriptions:read",
};
