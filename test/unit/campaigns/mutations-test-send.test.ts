// "Send a test to my devices" against the strict test push service (real HTTPS, decryption, VAPID check).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription } from "@/test/support/seeds";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import { sendTestToOwnDevices } from "@/lib/campaigns/test-send";
import { createPushSender } from "@/lib/push/sender";
import type { PushSender } from "@/lib/push/types";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { startStrictPushService, type StrictPushService } from "@/test/support/strict-push-service";
import { ensureTestTls } from "@/test/support/tls";

const vapid = generateVapidKeys("mailto:ops@pushboard.dev");
let service: StrictPushService;
let sender: PushSender;

beforeAll(async () => {
  service = await startStrictPushService();
  sender = createPushSender({ vapid, extraHosts: [new URL(service.origin).host], ca: ensureTestTls().cert });
});
afterAll(async () => {
  await sender.close();
  await service.close();
});

const data = createComposerSchema().parse({
  title: "Preview of the sale",
  body: "As your visitors will see it",
  actions: [{ title: "Open", url: "https://shop.example/a" }],
  ttl: 86_400,
  urgency: "low",
  topic: "abcd",
});

describe.each(ENGINES)("sendTestToOwnDevices on %s", (engine) => {
  const test = useTestDb(engine);

  it("sends the composed message to the admin's own active devices only, with no receipt token", async () => {
    const db = test.db;
    const { users } = db.tables;
    const [admin] = await db
      .insert(users)
      .values({ email: "a@example.com", name: "A", passwordHash: "x", role: "editor" })
      .returning();
    const mine = service.createSubscription({ applicationServerKey: vapid.publicKey });
    const gone = service.createSubscription({ applicationServerKey: vapid.publicKey });
    const someoneElse = service.createSubscription({ applicationServerKey: vapid.publicKey });
    await seedSubscription(db, { endpoint: mine.endpoint, ...mine.keys, userId: admin!.id });
    await seedSubscription(db, { endpoint: gone.endpoint, ...gone.keys, userId: admin!.id });
    await seedSubscription(db, { endpoint: someoneElse.endpoint, ...someoneElse.keys });
    service.setFault(gone.id, { kind: "status", status: 410 });

    const summary = await sendTestToOwnDevices(db, sender, admin!.id, data, "https://site.example");
    expect(summary).toMatchObject({ devices: 2, delivered: 1, gone: 1, failed: 0 });
    expect(summary.message).toBe("Sent to 1 of 2 devices. 1 no longer subscribed.");
    const [request] = service.requests(mine.id);
    expect(request).toMatchObject({ status: 201, urgency: "high", topic: "abcd", ttl: 300 });
    const payload = JSON.parse(request!.payload!);
    expect(payload.notification).toMatchObject({ title: "Preview of the sale", navigate: "https://site.example/" });
    expect(payload.notification.data.pushboard.receiptToken).toBeUndefined();
    expect(payload.notification.data.pushboard.actions).toEqual([
      { action: "action-1", title: "Open", navigate: "https://shop.example/a" },
    ]);
    expect(service.requests(someoneElse.id)).toHaveLength(0);
  });

  it("says how to get a device when the admin has none", async () => {
    const summary = await sendTestToOwnDevices(test.db, sender, 42, data, "https://site.example");
    expect(summary.devices).toBe(0);
    expect(summary.message).toMatch(/allow notifications on the site while signed in/);
  });
});
