// GET /api/vapid-public-key — the application server key, for the service worker's re-subscription
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/vapid-public-key",
  access: "public",
  async handle() {
    return { status: 200, json: { publicKey: (await getServerContext().vapidKeys()).publicKey } };
  },
});
