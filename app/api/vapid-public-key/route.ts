// GET /api/vapid-public-key — the application server key, for the service worker's re-subscription
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ publicKey: getServerContext().vapid.publicKey }, { headers: { "Cache-Control": "no-store" } });
}
