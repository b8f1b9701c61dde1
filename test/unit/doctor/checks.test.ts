import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";
import type { PushService } from "@/lib/db/schema/enums";
import { ensureVapidKeys, generateVapidKeys } from "@/lib/settings/bootstrap";
import { runDoctor, checkHttps, type DoctorCheck } from "@/lib/doctor/checks";

// A real HTTP server standing in for the site: one path per behaviour the asset check must tell apart.
let server: Server;
let origin = "";
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/manifest.webmanifest")
      return void response.writeHead(200, { "content-type": "application/manifest+json" }).end("{}");
    if (request.url === "/sw.js") return void response.writeHead(200, { "content-type": "text/html" }).end("<html>");
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const byId = (checks: DoctorCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

/** A subscription with one sent campaign's accepted delivery to it. */
async function delivered(db: Db, pushService: PushService, vapidPublicKey: string): Promise<void> {
  const subscriptionId = await seedSubscription(db, { pushService, vapidPublicKey });
  const campaignId = await seedCampaign(db, { status: "sent" });
  await seedDelivery(db, { campaignId, subscriptionId, status: "accepted", statusCode: 201 });
}

describe.each(ENGINES)("push doctor on %s", (engine) => {
  const test = useTestDb(engine);

  it("passes a healthy set-up and flags what is broken, with a fix", async () => {
    const { db } = test;
    const keys = await ensureVapidKeys(db, "mailto:ops@example.com");
    await seedSubscription(db, { vapidPublicKey: keys.publicKey });
    await seedSubscription(db, { vapidPublicKey: "older-key" });
    const checks = byId(
      await runDoctor(db, { keys, nodeEnv: "production", publicUrl: "https://push.example.com", origin, fetch }),
    );
    expect(checks.subject!.status).toBe("pass");
    expect(checks["key-pair"]!.status).toBe("pass");
    expect(checks["older-keys"]).toMatchObject({ status: "warn", detail: expect.stringContaining("1 active") });
    expect(checks.payload!.status).toBe("pass");
    expect(checks.https!.status).toBe("pass");
    expect(checks.manifest!.status).toBe("pass");
    expect(checks["service-worker"]).toMatchObject({ status: "fail", detail: expect.stringContaining("text/html") });
  });

  it("refuses a localhost subject, a mismatched pair, plain http in production and an unreachable site", async () => {
    const good = generateVapidKeys("mailto:admin@localhost");
    const keys = { ...good, privateKey: generateVapidKeys("mailto:a@example.com").privateKey };
    const checks = byId(
      await runDoctor(test.db, {
        keys,
        nodeEnv: "production",
        publicUrl: "http://push.example.com",
        origin: "http://127.0.0.1:9",
        fetch,
        timeoutMs: 500,
      }),
    );
    expect(checks.subject!.status).toBe("fail");
    expect(checks["key-pair"]!.status).toBe("fail");
    expect(checks.https).toMatchObject({ status: "fail", fix: expect.stringContaining("https") });
    expect(checks.manifest).toMatchObject({ status: "fail", detail: expect.stringContaining("could not be reached") });
    expect(checkHttps("development", undefined).status).toBe("warn");
    // local http is development, not breakage; http elsewhere is broken; no PUBLIC_URL cannot be judged
    expect(checkHttps("production", "http://localhost:3000")).toMatchObject({
      status: "warn",
      detail: expect.stringMatching(/^Fine for development/),
    });
    expect(checkHttps("production", "http://127.0.0.1:3000").status).toBe("warn");
    expect(checkHttps("production", "http://localhost.evil.example").status).toBe("fail");
    expect(checkHttps("production", undefined)).toMatchObject({
      status: "warn",
      fix: expect.stringContaining("https"),
    });
  });

  it("reports the share of 401/403 answers per push service and flagged origins", async () => {
    const { db } = test;
    const { deliveries, pushOrigins } = db.tables;
    const keys = await ensureVapidKeys(db, "mailto:ops@example.com");
    for (let i = 0; i < 4; i++) await delivered(db, "apple", keys.publicKey);
    await db.update(deliveries).set({ statusCode: 403, status: "failed" });
    await delivered(db, "fcm", keys.publicKey);
    await db.insert(pushOrigins).values({
      origin: "https://web.push.apple.com",
      authFlaggedAt: Date.now(),
      consecutiveAuthFailures: 4,
      updatedAt: Date.now(),
    });
    const checks = byId(
      await runDoctor(db, { keys, nodeEnv: "production", publicUrl: "https://x.example", origin, fetch }),
    );
    expect(checks["rejections-apple"]).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("100.0% 401/403"),
    });
    expect(checks["rejections-fcm"]!.status).toBe("pass");
    expect(checks["flagged-origins"]).toMatchObject({ status: "fail", detail: "https://web.push.apple.com" });
  });
});
