// POST /api/subscriptions/test — sends a test notification to the device that proves it holds the subscription
import { env } from "@/lib/env.mjs";
import { DomainError } from "@/lib/errors/domain-error";
import { defineEndpoint } from "@/lib/http/endpoint";
import { sharedRateLimiter } from "@/lib/http/rate-limit";
import { siteOriginOrLocalhost } from "@/lib/http/site-origin";
import { createPushSender } from "@/lib/push/sender";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { subscriptionProofSchema } from "@/lib/subscriptions/schema";
import { sendTestPush } from "@/lib/subscriptions/test-push";
import { SUBSCRIPTION_BODY_LIMIT, visitorLimiter } from "../_shared";

export const dynamic = "force-dynamic";

// Each test costs a real push: a handful per address in ten minutes is plenty for a person.
const testLimiter = sharedRateLimiter("test-push", { limit: 5, windowMs: 10 * 60_000 });

export const POST = defineEndpoint({
  label: "POST /api/subscriptions/test",
  access: "public",
  // the visitor budget too: a test is one of the subscription routes
  limiter: [testLimiter, visitorLimiter],
  body: { json: subscriptionProofSchema, maxBytes: SUBSCRIPTION_BODY_LIMIT },
  async handle({ body, headers }) {
    const { appDb, vapidKeys } = getServerContext();
    const vapid = await vapidKeys();
    const sender = createPushSender({ vapid, extraHosts: () => getExtraPushHosts(appDb, env.PUSH_EXTRA_HOSTS) });
    try {
      const result = await sendTestPush(appDb, sender, body, siteOriginOrLocalhost(headers));
      // a refusal speaks the one error shape, so the page shows the push service's story, not a status
      if (!result.delivered) throw new DomainError("push_refused", result.message);
      return { status: 200, json: result };
    } finally {
      await sender.close();
    }
  },
});
