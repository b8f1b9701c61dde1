// What a failed or expired delivery means, in words an admin can act on (web-push.md's response table),
// and which failures are worth sending again.
import { sql } from "drizzle-orm";
import { deliveries } from "@/lib/db/schema/deliveries";

export type FailureExplanation = { title: string; explanation: string; retryable: boolean };

const GAVE_UP = "gave up after";
const TTL_ELAPSED = "TTL elapsed";

/** Transient failures: the retries ran out (429, 5xx, no answer). A lapsed TTL is not: the message is void. */
export const RETRYABLE_FAILURE_SQL = sql`(${deliveries.error} like ${`${GAVE_UP}%`} or (${deliveries.statusCode} is not null and (${deliveries.statusCode} = 429 or ${deliveries.statusCode} >= 500) and coalesce(${deliveries.error}, '') not like ${`${TTL_ELAPSED}%`}))`;

export function isRetryableFailure(statusCode: number | null, error: string | null): boolean {
  const text = error ?? "";
  if (text.startsWith(TTL_ELAPSED)) return false;
  if (text.startsWith(GAVE_UP)) return true;
  return statusCode !== null && (statusCode === 429 || statusCode >= 500);
}

export function explainFailure(statusCode: number | null, error: string | null): FailureExplanation {
  const retryable = isRetryableFailure(statusCode, error);
  const text = error ?? "";
  if (text.startsWith(TTL_ELAPSED))
    return {
      title: "Time to live ran out",
      explanation:
        "The push service kept refusing or was unreachable until the message's TTL ended, so it was no longer worth sending.",
      retryable,
    };
  switch (statusCode) {
    case 400:
      return {
        title: "Bad request",
        explanation:
          "The push service found our request malformed (a header or the encryption). The subscription is kept; the details are in the reason.",
        retryable,
      };
    case 401:
    case 403:
      return {
        title: "VAPID keys rejected",
        explanation:
          "The VAPID keys don't match the subscription (or the signed token was refused). The browser subscribed with another key pair: it has to subscribe again.",
        retryable,
      };
    case 404:
    case 410:
      return {
        title: "Subscription gone",
        explanation:
          "The browser unsubscribed or the subscription expired. It is marked expired and never sent to again.",
        retryable,
      };
    case 413:
      return {
        title: "Payload too large",
        explanation:
          "The encrypted message was over 4,096 bytes. The composer's size check should prevent this: please report it.",
        retryable,
      };
    case 429:
      return {
        title: "Throttled",
        explanation:
          "The push service asked us to slow down and the retries ran out. Sending again later usually works.",
        retryable,
      };
    default:
      break;
  }
  if (statusCode !== null && statusCode >= 500)
    return {
      title: "Push service error",
      explanation:
        "The push service had a problem of its own and the retries ran out. Sending again later usually works.",
      retryable,
    };
  if (text.startsWith("endpoint refused"))
    return {
      title: "Endpoint not allowed",
      explanation:
        "The subscription's push service host is not on the allowed list (Settings → extra push hosts), so nothing was sent.",
      retryable,
    };
  if (statusCode === null)
    return {
      title: "No answer",
      explanation: "The connection failed or timed out before the push service answered.",
      retryable,
    };
  return {
    title: `Status ${statusCode}`,
    explanation: "The push service refused the message; the reason holds its answer.",
    retryable,
  };
}
