// GET /api/v1/subscriptions — the subscriber list, filtered as in the dashboard, a page at a time
import { apiSubscriptionSchema, listApiSubscriptions, subscriptionListQuerySchema } from "@/lib/api/subscriptions";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { listEnvelope } from "../_shared";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/v1/subscriptions",
  access: { apiScope: "subscriptions:read" },
  query: subscriptionListQuerySchema,
  doc: {
    summary: "List subscriptions",
    description: "Newest first. Filter by status (default active), topic slug, push service or user.",
    tag: "Subscriptions",
    success: { status: 200, description: "One page", schema: listEnvelope(apiSubscriptionSchema) },
  },
  async handle({ query }) {
    return { status: 200, json: await listApiSubscriptions(getServerContext().appDb, query) };
  },
});
