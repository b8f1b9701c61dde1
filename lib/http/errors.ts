// The one JSON error shape every route handler answers with: { error: { code, message, fieldErrors? } }.
// Framework-free (standard Request/Response only), so other route handlers and tests reuse it.

export type FieldErrors = Record<string, string[]>;

export type ErrorBody = { error: { code: string; message: string; fieldErrors?: FieldErrors } };

/** A failure a route handler turns into an HTTP answer as is; anything else becomes a generic 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  fieldErrors?: FieldErrors,
  headers?: Record<string, string>,
): Response {
  const body: ErrorBody = { error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Maps a thrown value to a response; unknown errors are logged and never shown to the caller. */
export function toErrorResponse(error: unknown, label = "request"): Response {
  if (error instanceof HttpError) {
    return errorResponse(error.status, error.code, error.message, error.fieldErrors, error.headers);
  }
  console.error(`[${label}] unexpected error`, error);
  return errorResponse(500, "internal_error", "Something went wrong on our side. Please try again.");
}

/** Runs a handler body and turns any failure into the stable JSON error shape. */
export async function handleErrors(label: string, run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return toErrorResponse(error, label);
  }
}
