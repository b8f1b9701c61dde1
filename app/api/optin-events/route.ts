// POST /api/optin-events — counts one step of the opt-in funnel (seen, clicked, granted, denied, unsubscribed)
import { clientAddress } from "@/lib/http/client-address";
import { handleErrors } from "@/lib/http/errors";
import { createRateLimiter, enforceRateLimit } from "@/lib/http/rate-limit";
import { readJsonBody } from "@/lib/http/read-json";
import { parseInput } from "@/lib/http/validate";
import { incrementOptinEvent } from "@/lib/optin/funnel";
import { optinEventSchema } from "@/lib/optin/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

const limiter = createRateLimiter({ limit: 20, windowMs: 60_000 });

export function POST(request: Request) {
  return handleErrors("POST /api/optin-events", async () => {
    enforceRateLimit(limiter, clientAddress(request));
    const { event } = parseInput(optinEventSchema, await readJsonBody(request, { maxBytes: 256 }));
    incrementOptinEvent(getServerContext().db, event, new Date());
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  });
}
