// Calling /api/v1 route handlers as a back-end would: a Request with a Bearer key, JSON in and out.
import type { EndpointHandler } from "@/lib/http/endpoint";
import { fromPeer } from "@/test/support/peer";

export type ApiCall = {
  key?: string | null;
  body?: unknown;
  params?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
  path?: string;
  address?: string;
};

export type ApiAnswer = { status: number; headers: Headers; json: Record<string, unknown> | null };

export async function callApi(handler: EndpointHandler, method: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  if (call.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  const body =
    call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const url = `http://localhost${call.path ?? "/api/v1/test"}${call.query ? `?${call.query}` : ""}`;
  const request = new Request(url, { method, headers: fromPeer(call.address ?? "203.0.113.9", headers), body });
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/** The error code of a refusal (asserting the one error shape on the way). */
export function codeOf(answer: ApiAnswer): string {
  const error = (answer.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== "string" || typeof error.message !== "string") {
    throw new Error(`not the error shape: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return error.code;
}
