import type { HeaderReader } from "./json-endpoint";

/**
 * The address to rate-limit by. Next's server sets X-Forwarded-For to the socket's address when the
 * header is absent, and each proxy appends the address it saw, so the last entry is the nearest hop
 * we can see. Without a proxy in front a client can still forge the header; a reverse proxy that
 * overwrites it (the recommended deployment) closes that gap.
 */
export function clientAddress(request: { headers: HeaderReader }): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).pop();
  const candidate = last ?? request.headers.get("x-real-ip")?.trim();
  return candidate && candidate.length <= 64 ? candidate.toLowerCase() : "unknown";
}
