// What every visitor subscription route shares: one rate limit per client address, the 8 KB body
// limit, and the single mapping from subscription domain errors to HTTP.
import { HttpError } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/read-json";
import { clientAddress } from "@/lib/http/client-address";
import { createRateLimiter, enforceRateLimit } from "@/lib/http/rate-limit";
import { SUBSCRIPTION_ERROR_STATUS, SubscriptionError } from "@/lib/subscriptions/errors";

export const SUBSCRIPTION_BODY_LIMIT = 8 * 1024;

/** One budget per client address for every visitor subscription route (POST, PATCH, DELETE, lookup, test). */
export const visitorLimiter = createRateLimiter({ limit: 30, windowMs: 60_000 });

/** Rate-limits, then reads the JSON body (415/413/400 on bad input). */
export async function readVisitorBody(request: Request): Promise<unknown> {
  enforceRateLimit(visitorLimiter, clientAddress(request));
  return readJsonBody(request, { maxBytes: SUBSCRIPTION_BODY_LIMIT });
}

/** Runs a domain verb, turning its typed refusals into HttpErrors with the stable shape. */
export async function mapSubscriptionErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SubscriptionError) {
      throw new HttpError(SUBSCRIPTION_ERROR_STATUS[error.code], error.code, error.message, error.fieldErrors);
    }
    throw error;
  }
}

/** Test hook: the module-level limiter would otherwise carry counts between test cases. */
export function resetSubscriptionRateLimit(): void {
  visitorLimiter.reset();
}
