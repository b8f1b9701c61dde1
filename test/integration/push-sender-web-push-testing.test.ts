// The sender against web-push-testing, a push service emulator written by others: it decrypts with
// its own code (http_ece) and checks the VAPID key and signature.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePushPayload } from "@/lib/push/payload";
import { createPushSender } from "@/lib/push/sender";
import type { PushSender } from "@/lib/push/types";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { ensureTestTls } from "@/test/support/tls";
import {
  startWebPushTesting,
  type WebPushTestingService,
  type WebPushTestingSubscription,
} from "@/test/support/web-push-testing-server";

const vapid = generateVapidKeys("mailto:ops@pushboard.dev");
let service: WebPushTestingService;
let sender: PushSender;
const target = (sub: WebPushTestingSubscription) => ({
  endpoint: sub.endpoint,
  p256dh: sub.keys.p256dh,
  auth: sub.keys.auth,
});

beforeAll(async () => {
  service = await startWebPushTesting();
  sender = createPushSender({ vapid, extraHosts: [new URL(service.origin).host], ca: ensureTestTls().cert });
});
afterAll(async () => {
  await sender.close();
  await service.close();
});

describe("delivery to web-push-testing", () => {
  it("delivers payloads it decrypts to exactly what we composed, including a full 3993-byte one", async () => {
    const sub = await service.subscribe(vapid.publicKey);
    const { json } = encodePushPayload({
      title: "Grüße 🎉",
      body: "ünïcødé",
      clickUrl: "https://site.example/x",
      tag: "t",
      renotify: true,
    });
    const full = "€".repeat(1331); // 3993 bytes
    expect(await sender.send(target(sub), { payload: json, ttl: 60, urgency: "high", topic: "abcd" })).toEqual({
      kind: "accepted",
      statusCode: 201,
    });
    expect(await sender.send(target(sub), { payload: full, ttl: 0 })).toEqual({ kind: "accepted", statusCode: 201 });
    expect(await service.notifications(sub.clientHash)).toEqual([json, full]);
  });

  it("is refused when the subscription belongs to another VAPID key", async () => {
    const sub = await service.subscribe(generateVapidKeys("mailto:x@pushboard.dev").publicKey);
    const outcome = await sender.send(target(sub), { payload: "x", ttl: 60 });
    expect(outcome).toMatchObject({
      kind: "failed",
      statusCode: 400,
      error: expect.stringMatching(/Invalid Crypto-Key/),
    });
    expect(await service.notifications(sub.clientHash)).toEqual([]);
  });

  it("maps an expired subscription to expired", async () => {
    const sub = await service.subscribe(vapid.publicKey);
    await service.expire(sub.clientHash);
    expect(await sender.send(target(sub), { payload: "x", ttl: 60 })).toEqual({ kind: "expired", statusCode: 410 });
  });
});
