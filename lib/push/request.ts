// One push request: the RFC 8030 headers around an RFC 8291 body, with the cached VAPID header.
// Our own encryption (aes128gcm.mjs) replaced web-push's generateRequestDetails: same bytes on the
// wire, but it reuses the ECDH object and allocates one body per message (~160 µs against ~220 µs).
import { encryptAes128gcm, freshSenderKeys } from "./aes128gcm.mjs";
import type { PushMessage, PushTarget } from "./types";

export type BuiltPushRequest = { url: URL; headers: Record<string, string | number>; body: Buffer };

export function pushRequestHeaders(
  message: PushMessage,
  authorization: string,
  bodyLength: number,
): Record<string, string | number> {
  return {
    TTL: message.ttl,
    Urgency: message.urgency ?? "normal",
    ...(message.topic ? { Topic: message.topic } : {}),
    "Content-Encoding": "aes128gcm",
    "Content-Type": "application/octet-stream",
    "Content-Length": bodyLength,
    Authorization: authorization,
  };
}

/** Builds a request on the calling thread (tests, the crypto-floor benchmark); the sender uses an encryptor. */
export function buildPushRequest(target: PushTarget, message: PushMessage, authorization: string): BuiltPushRequest {
  const body = encryptAes128gcm({
    plaintext: Buffer.from(message.payload, "utf8"),
    uaPublic: Buffer.from(target.p256dh, "base64url"),
    authSecret: Buffer.from(target.auth, "base64url"),
    sender: freshSenderKeys(),
  });
  return { url: new URL(target.endpoint), headers: pushRequestHeaders(message, authorization, body.length), body };
}
