// The visitor API's two busiest routes — every opt-in and every shown or clicked notification — which
// scripts/server.ts answers straight from Node's request instead of through Next's router. Next's
// per-request routing costs about 1 ms of CPU (a bare GET /api/health peaks near 1,000 req/s on two
// cores), several times what these endpoints do themselves; see README "API under load". The same
// endpoint definitions back the route handlers (routeHandler), so validation, limits and answers are
// one: only the transport differs, and `next dev` still routes them through Next.
import type { JsonEndpoint } from "@/lib/http/json-endpoint";
import { receiptEndpoint } from "./receipts/_endpoint";
import { createSubscriptionEndpoint } from "./subscriptions/_endpoint";
import { carriesSessionCookie } from "./subscriptions/_session";

/**
 * The endpoint for a request the server may answer directly, or null: Next answers it. A subscription
 * posted with the admin's session cookie goes through Next, whose request context Auth.js reads to
 * link the admin's own device.
 */
export function directRoute(method: string | undefined, url: string | undefined, cookie: string | undefined): JsonEndpoint | null {
  if (method !== "POST" || !url) return null;
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (pathname === "/api/receipts") return receiptEndpoint;
  if (pathname === "/api/subscriptions" && !carriesSessionCookie(cookie)) return createSubscriptionEndpoint;
  return null;
}
