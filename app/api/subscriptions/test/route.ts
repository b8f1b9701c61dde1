// POST /api/subscriptions/test — sends a test notification to the device that proves it holds the subscription
import { env } from "@/lib/env.mjs";
import { clientAddress } from "@/lib/http/client-address";
import { handleErrors } from "@/lib/http/errors";
import { createRateLimiter, enforceRateLimit } from "@/lib/http/rate-limit";
import { parseInput } from "@/lib/http/validate";
import { createPushSender } from "@/lib/push/sender";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { subscriptionProofSchema } from "@/lib/subscriptions/schema";
import { sendTestPush } from "@/lib/subscriptions/test-push";
import { mapSubscriptionErrors, readVisitorBody } from "../_shared";

export const dynamic = "force-dynamic";

// Each test costs a real push: a handful per address in ten minutes is plenty for a person.
const limiter = createRateLimiter({ limit: 5, windowMs: 10 * 60_000 });

export function POST(request: Request) {
  return handleErrors("POST /api/subscriptions/test", async () => {
    enforceRateLimit(limiter, clientAddress(request));
    const proof = parseInput(subscriptionProofSchema, await readVisitorBody(request));
    const { db, vapid } = getServerContext();
    const sender = createPushSender({ vapid, extraHosts: () => getExtraPushHosts(db, env.PUSH_EXTRA_HOSTS) });
    try {
      const siteUrl = env.PUBLIC_URL ?? new URL(request.url).origin;
      const result = await mapSubscriptionErrors(() => sendTestPush(db, sender, proof, siteUrl));
      return Response.json(result, { status: result.delivered ? 200 : 502, headers: { "Cache-Control": "no-store" } });
    } finally {
      await sender.close();
    }
  });
}
