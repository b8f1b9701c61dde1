// The client address used for the sign-in throttle. Next.js fills x-forwarded-for with the socket
// address when it is absent, and a reverse proxy appends the address it saw: the last entry is the
// one the nearest trusted hop vouches for (earlier entries can be forged by the client).
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).pop();
  const candidate = last ?? headers.get("x-real-ip")?.trim();
  if (!candidate) return null;
  return candidate.slice(0, 64);
}
