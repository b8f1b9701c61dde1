// Maps a push service's answer onto what the delivery queue must do (table in docs/web-push.md).
import type { PushOutcome } from "./types";

export const BODY_EXCERPT_MAX = 512;

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when unusable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export type PushResponse = {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string; // already capped
};

function header(headers: PushResponse["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describe(response: PushResponse): string {
  const text = response.body.replace(/\s+/g, " ").trim().slice(0, BODY_EXCERPT_MAX);
  return text ? `HTTP ${response.statusCode}: ${text}` : `HTTP ${response.statusCode}`;
}

export function outcomeFromResponse(response: PushResponse, sentTtl: number, nowMs: number): PushOutcome {
  const { statusCode } = response;
  if (statusCode >= 200 && statusCode < 300) {
    const granted = header(response.headers, "ttl");
    const ttl = granted !== undefined && /^\d+$/.test(granted.trim()) ? Number(granted) : undefined;
    return ttl !== undefined && ttl < sentTtl
      ? { kind: "accepted", statusCode, ttl }
      : { kind: "accepted", statusCode };
  }
  if (statusCode === 404 || statusCode === 410) return { kind: "expired", statusCode };
  // 406 is how WNS says "throttled".
  if (statusCode === 429 || statusCode === 503 || statusCode === 406) {
    const retryAfterMs = parseRetryAfter(header(response.headers, "retry-after"), nowMs);
    return { kind: "retry", statusCode, retryAfterMs, originThrottled: true, error: describe(response) };
  }
  if (statusCode >= 500 || statusCode === 408) {
    const retryAfterMs = parseRetryAfter(header(response.headers, "retry-after"), nowMs);
    return { kind: "retry", statusCode, retryAfterMs, originThrottled: false, error: describe(response) };
  }
  if (statusCode >= 300 && statusCode < 400) {
    return { kind: "failed", statusCode, authProblem: false, error: `HTTP ${statusCode}: redirect not followed` };
  }
  return {
    kind: "failed",
    statusCode,
    authProblem: statusCode === 401 || statusCode === 403,
    error: describe(response),
  };
}
