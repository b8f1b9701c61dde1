// POST /api/receipts as a JsonEndpoint: route.ts serves it through Next, npm start also directly (../direct-routes.ts).
import { groupCommit } from "@/lib/db/group-commit";
import type { JsonEndpoint } from "@/lib/http/json-endpoint";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { parseInput } from "@/lib/http/validate";
import { recordReceipt } from "@/lib/receipts/record";
import { receiptSchema } from "@/lib/receipts/schema";
import { getServerContext } from "@/lib/server-context";

export const receiptEndpoint: JsonEndpoint = {
  label: "POST /api/receipts",
  maxBytes: 1024,
  // A device flushing its offline queue sends a few receipts per notification at once.
  limiter: createRateLimiter({ limit: 120, windowMs: 60_000 }),
  async handle({ json }) {
    const input = parseInput(receiptSchema, json);
    const { db } = getServerContext();
    await groupCommit(db, () => recordReceipt(db, input, new Date()));
    // The same answer whether the token exists, was seen before or is new.
    return { status: 202 };
  },
};
