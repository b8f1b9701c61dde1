// POST /api/optin-events — counts one step of the opt-in funnel (seen, clicked, granted, denied, unsubscribed)
import { defineEndpoint } from "@/lib/http/endpoint";
import { sharedRateLimiter } from "@/lib/http/rate-limit";
import { incrementOptinEvent } from "@/lib/optin/funnel";
import { optinEventSchema } from "@/lib/optin/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export const POST = defineEndpoint({
  label: "POST /api/optin-events",
  access: "public",
  limiter: sharedRateLimiter("optin-events", { limit: 20, windowMs: 60_000 }),
  body: { json: optinEventSchema, maxBytes: 256 },
  async handle({ body }) {
    await incrementOptinEvent(getServerContext().appDb, body.event, new Date());
    return { status: 204 };
  },
});
