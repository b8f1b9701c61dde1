// Every /api/v1 operation, for the OpenAPI document and the reference page. openapi.test.ts walks
// app/api/v1 and fails when a route file is missing here, so the document cannot fall behind the API.
import type { ApiRouteModule } from "@/lib/api/openapi";
import * as notificationCancel from "./notifications/[id]/cancel/route";
import * as notification from "./notifications/[id]/route";
import * as notifications from "./notifications/route";
import * as segments from "./segments/route";
import * as subscription from "./subscriptions/[id]/route";
import * as subscriptionUser from "./subscriptions/[id]/user/route";
import * as subscriptions from "./subscriptions/route";
import * as topics from "./topics/route";
import * as user from "./users/[externalId]/route";

const methodsOf = ({ GET, POST, PUT, PATCH, DELETE }: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries({ GET, POST, PUT, PATCH, DELETE }).filter(([, handler]) => handler !== undefined),
  ) as ApiRouteModule["methods"];

export const API_ROUTES: readonly ApiRouteModule[] = [
  { path: "/api/v1/notifications", methods: methodsOf(notifications) },
  { path: "/api/v1/notifications/{id}", methods: methodsOf(notification) },
  { path: "/api/v1/notifications/{id}/cancel", methods: methodsOf(notificationCancel) },
  { path: "/api/v1/subscriptions", methods: methodsOf(subscriptions) },
  { path: "/api/v1/subscriptions/{id}", methods: methodsOf(subscription) },
  { path: "/api/v1/subscriptions/{id}/user", methods: methodsOf(subscriptionUser) },
  { path: "/api/v1/users/{externalId}", methods: methodsOf(user) },
  { path: "/api/v1/topics", methods: methodsOf(topics) },
  { path: "/api/v1/segments", methods: methodsOf(segments) },
];
