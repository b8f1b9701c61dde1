// POST /api/subscriptions — create or refresh the visitor's push subscription (or replace a proven old one)
// PATCH /api/subscriptions — change the topics of the subscription the caller proves it holds
// DELETE /api/subscriptions — unsubscribe (row kept for statistics, keys wiped)
import { env } from "@/lib/env.mjs";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHostsForVisitor } from "@/lib/settings/push-hosts";
import { saveSubscription, unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { createSubscriptionSchema, subscriptionProofSchema, updateTopicsSchema } from "@/lib/subscriptions/schema";
import { signedInUserId } from "./_session";
import { SUBSCRIPTION_BODY_LIMIT, visitorLimiter } from "./_shared";

export const dynamic = "force-dynamic";

// npm start also answers POST without Next's router when no admin session cookie comes with it (../direct-routes.ts).
export const POST = defineEndpoint({
  label: "POST /api/subscriptions",
  access: "public",
  limiter: visitorLimiter,
  body: { json: createSubscriptionSchema, maxBytes: SUBSCRIPTION_BODY_LIMIT },
  async handle({ body, headers }) {
    const { appDb, vapidKeys } = getServerContext();
    const vapid = await vapidKeys();
    const userId = await signedInUserId(appDb, headers);
    const extraHosts = await getExtraPushHostsForVisitor(appDb, env.PUSH_EXTRA_HOSTS);
    const result = await saveSubscription(appDb, body, {
      extraHosts,
      vapidPublicKey: vapid.publicKey,
      userAgent: headers.get("user-agent"),
      userId,
      now: new Date(),
    });
    return { status: result.created ? 201 : 200, json: { subscription: result.subscription } };
  },
});

export const PATCH = defineEndpoint({
  label: "PATCH /api/subscriptions",
  access: "public",
  limiter: visitorLimiter,
  body: { json: updateTopicsSchema, maxBytes: SUBSCRIPTION_BODY_LIMIT },
  async handle({ body }) {
    const subscription = await updateSubscriptionTopics(getServerContext().appDb, body, new Date());
    return { status: 200, json: { subscription } };
  },
});

export const DELETE = defineEndpoint({
  label: "DELETE /api/subscriptions",
  access: "public",
  limiter: visitorLimiter,
  body: { json: subscriptionProofSchema, maxBytes: SUBSCRIPTION_BODY_LIMIT },
  async handle({ body }) {
    await unsubscribe(getServerContext().appDb, body, new Date());
    return { status: 204 };
  },
});
