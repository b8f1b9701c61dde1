// RFC 8030 §5 header rules and RFC 8291 §4 body rules, enforced to the letter.
import type { IncomingHttpHeaders } from "node:http";

export const MAX_BODY_BYTES = 4096;
const URGENCIES = ["very-low", "low", "normal", "high"];

export type HeaderCheck =
  { ok: true; ttl: number; urgency?: string; topic?: string } | { ok: false; status: number; reason: string };

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

export function checkPushHeaders(headers: IncomingHttpHeaders, bodyLength: number): HeaderCheck {
  const ttl = single(headers, "ttl");
  if (ttl === undefined) return { ok: false, status: 400, reason: "TTL header is required" };
  if (!/^\d+$/.test(ttl.trim())) return { ok: false, status: 400, reason: "TTL must be a non-negative integer" };
  const urgency = single(headers, "urgency");
  if (urgency !== undefined && !URGENCIES.includes(urgency.trim()))
    return { ok: false, status: 400, reason: "Urgency must be one of very-low, low, normal, high" };
  const topic = single(headers, "topic");
  if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic))
    return { ok: false, status: 400, reason: "Topic must be 1–32 base64url characters" };
  if (bodyLength > MAX_BODY_BYTES)
    return { ok: false, status: 413, reason: `body is ${bodyLength} bytes; the limit is ${MAX_BODY_BYTES}` };
  if (bodyLength > 0) {
    if (single(headers, "content-encoding") !== "aes128gcm")
      return { ok: false, status: 400, reason: "Content-Encoding must be aes128gcm" };
  }
  return { ok: true, ttl: Number(ttl), urgency: urgency?.trim(), topic };
}
