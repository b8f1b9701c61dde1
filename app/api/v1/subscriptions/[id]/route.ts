// GET /api/v1/subscriptions/{id} — one subscription
// PATCH /api/v1/subscriptions/{id} — replace its topics and/or set its user
// DELETE /api/v1/subscriptions/{id} — delete it for good, with its delivery history (audited)
import {
  apiSubscriptionSchema,
  getApiSubscription,
  patchApiSubscription,
  subscriptionIdParamsSchema,
  subscriptionPatchSchema,
} from "@/lib/api/subscriptions";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { deleteSubscriber } from "@/lib/subscribers/delete";
import { SMALL_BODY_LIMIT } from "../../_shared";

export const dynamic = "force-dynamic";

const notFound = "No subscription has this id.";

export const GET = defineEndpoint({
  label: "GET /api/v1/subscriptions/{id}",
  access: { apiScope: "subscriptions:read" },
  params: subscriptionIdParamsSchema,
  notFound,
  doc: {
    summary: "Get a subscription",
    tag: "Subscriptions",
    success: { status: 200, description: "The subscription", schema: apiSubscriptionSchema },
    errors: [404],
  },
  async handle({ params }) {
    return { status: 200, json: await getApiSubscription(getServerContext().appDb, params.id) };
  },
});

export const PATCH = defineEndpoint({
  label: "PATCH /api/v1/subscriptions/{id}",
  access: { apiScope: "subscriptions:write" },
  params: subscriptionIdParamsSchema,
  notFound,
  body: { json: subscriptionPatchSchema, maxBytes: SMALL_BODY_LIMIT },
  doc: {
    summary: "Update a subscription",
    description: "`topics` replaces the chosen topics (slugs); `externalId` links the site's user (null unlinks).",
    tag: "Subscriptions",
    success: { status: 200, description: "The subscription as stored now", schema: apiSubscriptionSchema },
    exampleBody: { topics: ["news"], externalId: "user-42" },
    errors: [404],
  },
  async handle({ params, body }) {
    return { status: 200, json: await patchApiSubscription(getServerContext().appDb, params.id, body, new Date()) };
  },
});

export const DELETE = defineEndpoint({
  label: "DELETE /api/v1/subscriptions/{id}",
  access: { apiScope: "subscriptions:write" },
  params: subscriptionIdParamsSchema,
  notFound,
  doc: {
    summary: "Delete a subscription",
    description: "Removes the subscription, its topics and its delivery history for good (a privacy request).",
    tag: "Subscriptions",
    success: { status: 204, description: "Deleted" },
    errors: [404],
  },
  async handle({ params, apiKey, client }) {
    await deleteSubscriber(getServerContext().appDb, params.id, null, {
      ip: client,
      now: new Date(),
      apiKey: { id: apiKey.id, name: apiKey.name },
    });
    return { status: 204 };
  },
});
