// What every visitor subscription route shares: one rate-limit budget per client address for POST,
// PATCH, DELETE, lookup and test alike (whichever transport answers: lib/process-state.ts), and the
// 8 KB body limit.
import { sharedRateLimiter } from "@/lib/http/rate-limit";

export const SUBSCRIPTION_BODY_LIMIT = 8 * 1024;

export const visitorLimiter = sharedRateLimiter("visitor-subscriptions", { limit: 30, windowMs: 60_000 });
