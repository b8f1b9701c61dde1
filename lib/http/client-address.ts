// The one answer to "who is this client?" for rate limits, the sign-in throttle and the audit log, on
// every transport. The socket's peer is the fact: `npm start` (scripts/server.ts) answers the hot routes
// from Node's request, where the socket is at hand, and stamps every request it passes to Next with the
// peer's address in a header only this process can write (a per-process secret goes with it, so a client
// sending the header itself gains nothing). X-Forwarded-For is believed only as TRUST_PROXY says.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env.mjs";
import { processState } from "@/lib/process-state";
import type { HeaderReader } from "./headers";
import { clientAddressOf, peerIsTrustedProxy, type TrustProxy } from "./trust-proxy.mjs";

export const PEER_HEADER = "x-pushboard-peer";

/** The secret of this process's stamps; made when scripts/server.ts starts (none under `next dev`). */
const stampSecret = () => processState<{ value: string | null }>("http.peerStamp", () => ({ value: null }));

/** scripts/server.ts: from now on this process stamps requests, and believes only its own stamps. */
export function enablePeerStamps(): void {
  stampSecret().value ??= randomBytes(16).toString("base64url");
}

/** Writes the socket's peer into the request's headers, replacing whatever the client sent under that name. */
export function stampPeer(
  headers: Record<string, string | string[] | undefined>,
  socketAddress: string | undefined,
): void {
  const secret = stampSecret().value;
  if (secret === null) throw new Error("enablePeerStamps() must run before requests are stamped");
  headers[PEER_HEADER] = `${secret} ${socketAddress ?? ""}`;
}

/** The socket's peer as our own stamp says; null when the request carries no stamp of this process. */
export function stampedPeer(headers: HeaderReader): string | null {
  const secret = stampSecret().value;
  const stamp = headers.get(PEER_HEADER);
  if (secret === null || !stamp) return null;
  const space = stamp.indexOf(" ");
  const given = Buffer.from(space === -1 ? stamp : stamp.slice(0, space));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return stamp.slice(space + 1) || null;
}

/**
 * The client's address for a request Next answers (route handlers, server actions, Auth.js), or
 * "unknown" where the peer cannot be known (`next dev`, which has no stamps): every such request then
 * shares one budget, which errs toward refusing, never toward unlimited attempts.
 */
export function clientAddress(headers: HeaderReader, trust: TrustProxy = env.TRUST_PROXY): string {
  return clientAddressOf({ socketAddress: stampedPeer(headers), forwardedFor: headers.get("x-forwarded-for") }, trust);
}

/** The same answer for a request scripts/server.ts answers itself, from the socket. */
export function clientAddressOfSocket(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: TrustProxy = env.TRUST_PROXY,
): string {
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  return clientAddressOf({ socketAddress, forwardedFor: forwarded }, trust);
}

/** Whether the request came through a proxy TRUST_PROXY trusts: only then are X-Forwarded-Host/-Proto its word. */
export function viaTrustedProxy(headers: HeaderReader, trust: TrustProxy = env.TRUST_PROXY): boolean {
  return peerIsTrustedProxy(stampedPeer(headers), trust);
}
