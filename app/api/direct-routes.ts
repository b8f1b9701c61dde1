// The visitor API's two busiest routes — every opt-in and every shown or clicked notification — which
// scripts/server.ts hands straight to their route handlers instead of through Next's router. Next's
// per-request routing costs about 1 ms of CPU (a bare GET /api/health peaks near 1,000 req/s on two
// cores), several times what these handlers do themselves; see README "Load". Same handlers, same
// validation and limits, same answers: only the dispatch differs, and `next dev` still routes them.
import { POST as postReceipt } from "./receipts/route";
import { POST as postSubscription } from "./subscriptions/route";
import { carriesSessionCookie } from "./subscriptions/_session";

/**
 * The handler for a request the server may answer directly, or null: Next answers it. A subscription
 * posted with the admin's session cookie goes through Next, whose request context Auth.js reads to
 * link the admin's own device.
 */
export function directRoute(method: string | undefined, url: string | undefined, cookie: string | undefined): ((request: Request) => Promise<Response>) | null {
  if (method !== "POST" || !url) return null;
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (pathname === "/api/receipts") return postReceipt;
  if (pathname === "/api/subscriptions" && !carriesSessionCookie(cookie)) return postSubscription;
  return null;
}
