// The visitor API's two busiest routes — every opt-in and every shown or clicked notification — and the
// REST API's send (a back-end's transactional messages, whose latency its users feel), which
// scripts/server.ts answers straight from Node's request instead of through Next's router. Next's
// per-request routing costs about 1 ms of CPU (a bare GET /api/health peaks near 1,000 req/s on two
// cores), several times what these endpoints do themselves; see README "API under load". They are the
// route handlers' own declarations (lib/http/endpoint.ts), so validation, limits and answers are one:
// only the transport differs. Their state (rate limits, statements, commit queue) is the process's, not
// this module copy's (lib/process-state.ts).
import type { EndpointHandler } from "@/lib/http/endpoint";
import { POST as receipts } from "./receipts/route";
import { POST as apiSend } from "./v1/notifications/route";
import { POST as subscriptions } from "./subscriptions/route";
import { carriesSessionCookie } from "./subscriptions/_session";

/**
 * The endpoint for a request the server may answer directly, or null: Next answers it. A subscription
 * posted with the admin's session cookie goes through Next, whose request context Auth.js reads to
 * link the admin's own device.
 */
export function directRoute(
  method: string | undefined,
  url: string | undefined,
  cookie: string | undefined,
): EndpointHandler | null {
  if (method !== "POST" || !url) return null;
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (pathname === "/api/receipts") return receipts;
  if (pathname === "/api/v1/notifications") return apiSend; // a key, never a session: no cookie to consider
  if (pathname === "/api/subscriptions" && !carriesSessionCookie(cookie)) return subscriptions;
  return null;
}
