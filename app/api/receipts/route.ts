// POST /api/receipts — the service worker reports shown / clicked / closed / action for one delivery
import { groupCommit } from "@/lib/db/group-commit";
import { clientAddress } from "@/lib/http/client-address";
import { handleErrors } from "@/lib/http/errors";
import { createRateLimiter, enforceRateLimit } from "@/lib/http/rate-limit";
import { readJsonBody } from "@/lib/http/read-json";
import { parseInput } from "@/lib/http/validate";
import { recordReceipt } from "@/lib/receipts/record";
import { receiptSchema } from "@/lib/receipts/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

// A device flushing its offline queue sends a few receipts per notification at once.
const limiter = createRateLimiter({ limit: 120, windowMs: 60_000 });

export function POST(request: Request) {
  return handleErrors("POST /api/receipts", async () => {
    enforceRateLimit(limiter, clientAddress(request));
    const input = parseInput(receiptSchema, await readJsonBody(request, { maxBytes: 1024 }));
    const { db } = getServerContext();
    await groupCommit(db, () => recordReceipt(db, input, new Date()));
    // The same answer whether the token exists, was seen before or is new.
    return new Response(null, { status: 202, headers: { "Cache-Control": "no-store" } });
  });
}
