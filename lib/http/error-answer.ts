// The one mapping from a thrown value to what the caller sees: an HTTP answer in the JSON error shape
// { error: { code, message, fieldErrors? } } for route handlers (both transports), and an action result
// for server actions. A DomainError says its code and message; anything else is a bug, logged here and
// answered with a generic message that tells the caller nothing about our internals.
import { DomainError } from "@/lib/errors/domain-error";
import type { ActionFailure, FieldErrors } from "./action-result";
import { NO_STORE } from "./headers";

export type ErrorBody = { error: { code: string; message: string; fieldErrors?: FieldErrors } };

/** An answer as plain data, for transports that write it without a Fetch Response. */
export type Answer = { status: number; json?: unknown; headers?: Record<string, string> };

export const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

export function errorBody(code: string, message: string, fieldErrors?: FieldErrors): ErrorBody {
  return { error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
}

/** The HTTP answer for a thrown value; `label` ("POST /api/receipts") names the route in the log. */
export function errorAnswer(error: unknown, label: string): Answer {
  if (error instanceof DomainError) {
    const headers: Record<string, string> = { ...error.headers };
    if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
    const json = errorBody(error.code, error.message, error.fieldErrors);
    return Object.keys(headers).length > 0 ? { status: error.status, json, headers } : { status: error.status, json };
  }
  console.error(`[${label}] unexpected error`, error);
  return { status: 500, json: errorBody("internal_error", GENERIC_MESSAGE) };
}

/** An answer as a Fetch Response: JSON (or no body), always no-store. */
export function answerResponse(answer: Answer): Response {
  const headers = { ...NO_STORE, ...answer.headers };
  if (answer.json === undefined) return new Response(null, { status: answer.status, headers });
  return Response.json(answer.json, { status: answer.status, headers });
}

/** A refusal as a Response, for the few edges that refuse before any endpoint runs (proxy.ts). */
export function errorResponse(error: DomainError): Response {
  return answerResponse(errorAnswer(error, "refusal"));
}

/** The action result for a thrown value (the caller has already let Next's own control-flow errors through). */
export function actionFailure(error: unknown, label: string): ActionFailure {
  if (error instanceof DomainError) {
    return error.fieldErrors
      ? { ok: false, message: error.message, fieldErrors: error.fieldErrors }
      : { ok: false, message: error.message };
  }
  console.error(`[${label}] unexpected error`, error);
  return { ok: false, message: GENERIC_MESSAGE };
}
