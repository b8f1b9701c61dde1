import type { FieldErrors } from "@/lib/http/errors";

export type SubscriptionErrorCode =
  | "endpoint_refused"
  | "invalid_keys"
  | "unknown_topics"
  | "vapid_key_mismatch"
  | "not_found"
  | "conflict";

/** A refusal the route maps to a 4xx; nothing has been written when it is thrown. */
export class SubscriptionError extends Error {
  constructor(
    readonly code: SubscriptionErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "SubscriptionError";
  }
}

export const SUBSCRIPTION_ERROR_STATUS: Record<SubscriptionErrorCode, number> = {
  endpoint_refused: 400,
  invalid_keys: 400,
  unknown_topics: 400,
  vapid_key_mismatch: 409,
  not_found: 404,
  conflict: 409,
};
