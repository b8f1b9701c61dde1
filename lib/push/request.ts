// One push request: web-push encrypts (aes128gcm) and lays out the RFC 8030 headers; we supply the
// cached VAPID header, since web-push would otherwise rebuild and re-sign the JWT for every message.
import webpush from "web-push";
import type { PushMessage, PushTarget } from "./types";

export type BuiltPushRequest = { url: URL; headers: Record<string, string | number>; body: Buffer };

export function buildPushRequest(target: PushTarget, message: PushMessage, authorization: string): BuiltPushRequest {
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    message.payload,
    {
      vapidDetails: null as never, // null, not undefined: turns off web-push's own VAPID signing
      TTL: message.ttl,
      urgency: message.urgency ?? "normal",
      ...(message.topic ? { topic: message.topic } : {}),
      contentEncoding: "aes128gcm",
      headers: { Authorization: authorization },
    },
  );
  return { url: new URL(details.endpoint), headers: details.headers as Record<string, string | number>, body: details.body as Buffer };
}
