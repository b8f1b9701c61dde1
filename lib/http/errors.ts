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

function errorBody(code: string, message: string, fieldErrors?: FieldErrors): ErrorBody {
  return { error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  fieldErrors?: FieldErrors,
  headers?: Record<string, string>,
): Response {
  return Response.json(errorBody(code, message, fieldErrors), { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** An answer as plain data, for transports that write it without a Fetch Response (lib/http/node-endpoint.ts). */
export type ErrorAnswer = { status: number; json: ErrorBody; headers?: Record<string, string> };

/** Maps a thrown value to the error answer; unknown errors are logged and never shown to the caller. */
export function toErrorAnswer(error: unknown, label = "request"): ErrorAnswer {
  if (error instanceof HttpError) {
    return { status: error.status, json: errorBody(error.code, error.message, error.fieldErrors), headers: error.headers };
  }
  console.error(`[${label}] unexpected error`, error);
  return { status: 500, json: errorBody("internal_error", "Something went wrong on our side. Please try again.") };
}

/** toErrorAnswer as a Response. */
export function toErrorResponse(error: unknown, label = "request"): Response {
  const answer = toErrorAnswer(error, label);
  return Response.json(answer.json, { status: answer.status, headers: { "Cache-Control": "no-store", ...answer.headers } });
}

/** Runs a handler body and turns any failure into the stable JSON error shape. */
export async function handleErrors(label: string, run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return toErrorResponse(error, label);
  }
}
