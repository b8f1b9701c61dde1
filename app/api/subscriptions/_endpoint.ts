// POST /api/subscriptions as a JsonEndpoint: route.ts serves it through Next, npm start also directly
// (../direct-routes.ts) when no admin session cookie comes with it.
import { groupCommit } from "@/lib/db/group-commit";
import { env } from "@/lib/env.mjs";
import type { JsonEndpoint } from "@/lib/http/json-endpoint";
import { parseInput } from "@/lib/http/validate";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { saveSubscription } from "@/lib/subscriptions/mutations";
import { createSubscriptionSchema } from "@/lib/subscriptions/schema";
import { mapSubscriptionErrors, SUBSCRIPTION_BODY_LIMIT, visitorLimiter } from "./_shared";
import { signedInUserId } from "./_session";

export const createSubscriptionEndpoint: JsonEndpoint = {
  label: "POST /api/subscriptions",
  maxBytes: SUBSCRIPTION_BODY_LIMIT,
  limiter: visitorLimiter,
  async handle({ json, headers }) {
    const input = parseInput(createSubscriptionSchema, json);
    const { db, vapid } = getServerContext();
    const userId = await signedInUserId(db, headers);
    const extraHosts = getExtraPushHosts(db, env.PUSH_EXTRA_HOSTS);
    const result = await mapSubscriptionErrors(() =>
      groupCommit(db, () =>
        saveSubscription(db, input, { extraHosts, vapidPublicKey: vapid.publicKey, userAgent: headers.get("user-agent"), userId, now: new Date() }),
      ),
    );
    return { status: result.created ? 201 : 200, json: { subscription: result.subscription } };
  },
};
