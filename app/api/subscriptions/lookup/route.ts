// POST /api/subscriptions/lookup — the preferences page reads its own subscription (status, topics) with proof
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { getSubscription } from "@/lib/subscriptions/queries";
import { subscriptionProofSchema } from "@/lib/subscriptions/schema";
import { SUBSCRIPTION_BODY_LIMIT, visitorLimiter } from "../_shared";

export const dynamic = "force-dynamic";

export const POST = defineEndpoint({
  label: "POST /api/subscriptions/lookup",
  access: "public",
  limiter: visitorLimiter,
  body: { json: subscriptionProofSchema, maxBytes: SUBSCRIPTION_BODY_LIMIT },
  async handle({ body }) {
    return { status: 200, json: { subscription: await getSubscription(getServerContext().appDb, body) } };
  },
});
