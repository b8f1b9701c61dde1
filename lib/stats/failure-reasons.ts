// What a failed or expired delivery means, in words an admin can act on (web-push.md's response table),
// and which failures are worth sending again.
import { sql, type SQL } from "drizzle-orm";
import type { Tables } from "@/lib/db/app-db";

export type FailureExplanation = { title: string; explanation: string; retryable: boolean };

const GAVE_UP = "gave up after";
const TTL_ELAPSED = "TTL elapsed";

/**
 * Transient failures: the retries ran out (429, 5xx, no answer). A lapsed TTL is not: the message is void.
 * The prefixes are the sender's own words, in its case, so LIKE agrees on SQLite (case-blind) and PostgreSQL.
 */
export const retryableFailure = (deliveries: Tables["deliveries"]): SQL =>
  sql`(${deliveries.error} like ${`${GAVE_UP}%`} or (${deliveries.statusCode} is not null and (${deliveries.statusCode} = 429 or ${deliveries.statusCode} >= 500) and coalesce(${deliveries.error}, '') not like ${`${TTL_ELAPSED}%`}))`;

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
  // The address guard (lib/push/dns-guard.ts) refuses at connect time, whatever the push service: an
  // always-allowed FCM host that resolves to a private address lands here, not under "not allowed".
  if (/resolves to a private or reserved address|refused address/.test(text))
    return {
      title: "Address refused",
      explanation:
        "The push service's host name resolved to a private, loopback or reserved address, so nothing was sent (the guard against requests into your own network). For FCM, Mozilla, Apple or WNS this means this server's DNS answers wrongly: check its resolver. For a self-hosted push service, allow its host in Settings → extra push hosts.",
      retryable,
    };
  if (text.startsWith("endpoint refused"))
    return {
      title: "Endpoint not allowed",
      explanation:
        "The subscription's push service host is not on the allowed list (Settings → extra push hosts), so nothing was sent.",
      retryable,
    };
  if (statusCode === null) return explainNoAnswer(text, retryable);
  return {
    title: `Status ${statusCode}`,
    explanation: "The push service refused the message; the reason holds its answer.",
    retryable,
  };
}

/** Failures that never reached an answer, by what stopped them: DNS, TLS, a time limit or the connection. */
function explainNoAnswer(text: string, retryable: boolean): FailureExplanation {
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(text))
    return {
      title: "Host not found",
      explanation:
        "The push service's host name did not resolve. Check this server's DNS, or whether the host still exists.",
      retryable,
    };
  if (/CERT|certificate|TLS|SSL|self[- ]signed|UNABLE_TO_VERIFY|EPROTO/i.test(text))
    return {
      title: "TLS failed",
      explanation:
        "The secure connection to the push service failed (its certificate was not trusted, or the handshake broke).",
      retryable,
    };
  if (/timeout/i.test(text))
    return {
      title: "Timed out",
      explanation: "The push service did not connect or answer within our time limits, and the retries ran out.",
      retryable,
    };
  return {
    title: "No answer",
    explanation: "The connection failed or was reset before the push service answered.",
    retryable,
  };
}
