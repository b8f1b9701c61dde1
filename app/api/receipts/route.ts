// POST /api/receipts — the service worker reports shown / clicked / closed / action for one delivery
import { defineEndpoint } from "@/lib/http/endpoint";
import { sharedRateLimiter } from "@/lib/http/rate-limit";
import { recordReceipt } from "@/lib/receipts/record";
import { receiptSchema } from "@/lib/receipts/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

// npm start also answers this one without Next's router (../direct-routes.ts): the same declaration.
export const POST = defineEndpoint({
  label: "POST /api/receipts",
  access: "public",
  // A device flushing its offline queue sends a few receipts per notification at once.
  limiter: sharedRateLimiter("receipts", { limit: 120, windowMs: 60_000 }),
  body: { json: receiptSchema, maxBytes: 1024 },
  async handle({ body }) {
    await recordReceipt(getServerContext().appDb, body, new Date());
    // The same answer whether the token exists, was seen before or is new.
    return { status: 202 };
  },
});
