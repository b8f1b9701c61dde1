import { DomainError, type ErrorCode, type FieldErrors } from "@/lib/errors/domain-error";

export type ApiKeyErrorReason = "not_found" | "already_revoked" | "invalid_expiry";

const CODE: Record<ApiKeyErrorReason, ErrorCode> = {
  not_found: "not_found",
  already_revoked: "conflict",
  invalid_expiry: "invalid_input",
};

export class ApiKeyError extends DomainError {
  constructor(
    readonly reason: ApiKeyErrorReason,
    message: string,
    fieldErrors?: FieldErrors,
  ) {
    super(CODE[reason], message, fieldErrors ? { fieldErrors } : {});
  }
}
