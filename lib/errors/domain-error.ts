// The one error hierarchy. Domain code (lib/<domain>/) and the transport pipeline (lib/http) throw a
// DomainError with a code from the closed set below; lib/http/error-answer.ts turns it into an HTTP
// answer (status from the code, the JSON error shape) and into a server action's result, once each.
// Client-safe and framework-free: no Next, no database.

/** Every code a refusal can carry, with the HTTP status it is answered with. */
export const ERROR_STATUS = {
  // the request itself
  invalid_input: 400,
  malformed_json: 400,
  incomplete_body: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
  // an Idempotency-Key already used with another request, or whose first request is still running
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  // who is calling
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  missing_origin: 403,
  foreign_origin: 403,
  csrf_failed: 403,
  // the domain
  not_found: 404,
  conflict: 409,
  gone: 410,
  invalid_transition: 409,
  invalid_schedule: 400,
  invalid_payload: 400,
  invalid_audience: 422,
  in_use: 409,
  endpoint_refused: 400,
  invalid_keys: 400,
  unknown_topics: 400,
  vapid_key_mismatch: 409,
  invalid_file: 400,
  invalid_settings: 400,
  last_owner: 409,
  setup_closed: 409,
  auth_refused: 400,
  // a push service we relayed to refused or could not take the message (the message says which)
  push_refused: 502,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Messages keyed by field path ("actions.0.url"); "_form" holds what concerns the whole input. */
export type FieldErrors = Record<string, string[]>;

export type DomainErrorOptions = {
  fieldErrors?: FieldErrors;
  /** rate_limited: when to try again; becomes Retry-After */
  retryAfterSeconds?: number;
  /** further answer headers the refusal needs (401: WWW-Authenticate) */
  headers?: Record<string, string>;
  cause?: unknown;
};

/**
 * A refusal whose message is written for the person or program that made the request: it is shown as is
 * (under a form, in the API's error body). Anything thrown that is not a DomainError is a bug: logged,
 * and answered with a generic message.
 */
export class DomainError extends Error {
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.fieldErrors) this.fieldErrors = options.fieldErrors;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.headers) this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
