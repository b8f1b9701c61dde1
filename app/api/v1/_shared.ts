// What every /api/v1 route shares: the list envelope's schema for the reference, and body limits.
import { z } from "zod";

/** JSON bodies of the small mutations (a subscription's topics or user). */
export const SMALL_BODY_LIMIT = 16 * 1024;

/** `{ data, nextCursor }`, the shape of every list. */
export function listEnvelope(item: z.ZodType) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("pass as ?cursor= for the next page; null on the last"),
  });
}
