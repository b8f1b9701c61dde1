import { DomainError, type FieldErrors } from "@/lib/errors/domain-error";

export type SubscriptionErrorCode =
  "endpoint_refused" | "invalid_keys" | "unknown_topics" | "vapid_key_mismatch" | "not_found" | "conflict" | "gone";

/** A refusal of the visitor's subscription API; nothing has been written when it is thrown. */
export class SubscriptionError extends DomainError {
  constructor(code: SubscriptionErrorCode, message: string, fieldErrors?: FieldErrors) {
    super(code, message, fieldErrors ? { fieldErrors } : {});
  }
}
