// The strict test push service refuses what RFC 8030/8291/8292 forbid, so a pass against it means something.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVapidAuth } from "@/lib/push/vapid";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { encryptWebPushForTest } from "@/test/support/push-crypto";
import {
  startStrictPushService,
  type StrictPushService,
  type TestSubscription,
} from "@/test/support/strict-push-service";
import { ensureTestTls } from "@/test/support/tls";
import { randomBytes } from "node:crypto";

const ca = ensureTestTls().cert;
const vapid = generateVapidKeys("mailto:ops@pushboard.dev");
let service: StrictPushService;
let sub: TestSubscription;

function post(url: string, headers: Record<string, string | number>, body?: Buffer, method = "POST") {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method, headers, ca, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function encrypt(plaintext: string | Buffer, to = sub) {
  return encryptWebPushForTest(
    Buffer.from(plaintext),
    {
      publicKey: Buffer.from(to.keys.p256dh, "base64url"),
      authSecret: Buffer.from(to.keys.auth, "base64url"),
    },
    { privateKey: randomBytes(32), salt: randomBytes(16) },
  );
}

function valid(extra: Record<string, string | number> = {}, body = encrypt("hi")) {
  return {
    headers: {
      TTL: 60,
      "Content-Encoding": "aes128gcm",
      Authorization: createVapidAuth(vapid).header(service.origin),
      "Content-Length": body.length,
      ...extra,
    },
    body,
  };
}

beforeAll(async () => {
  service = await startStrictPushService();
  sub = service.createSubscription();
});
afterAll(() => service.close());

describe("strict push service", () => {
  it("accepts a correct request and records its decrypted payload", async () => {
    const { headers, body } = valid({ Urgency: "low", Topic: "abcd" });
    expect((await post(sub.endpoint, headers, body)).status).toBe(201);
    expect(service.requests(sub.id).at(-1)).toMatchObject({
      status: 201,
      payload: "hi",
      ttl: 60,
      urgency: "low",
      topic: "abcd",
    });
  });

  it.each<[string, Record<string, string | number>, number, RegExp]>([
    ["missing TTL", { TTL: "" }, 400, /TTL header is required/],
    ["negative TTL", { TTL: "-1" }, 400, /non-negative integer/],
    ["fractional TTL", { TTL: "1.5" }, 400, /non-negative integer/],
    ["bad Urgency", { Urgency: "urgent" }, 400, /Urgency/],
    ["two Urgency values", { Urgency: "low, high" }, 400, /Urgency/],
    ["long Topic", { Topic: "x".repeat(33) }, 400, /Topic/],
    ["Topic with +", { Topic: "ab+c" }, 400, /Topic/],
    ["aesgcm", { "Content-Encoding": "aesgcm" }, 400, /aes128gcm/],
    ["no Authorization", { Authorization: "" }, 401, /Authorization/],
    ["WebPush scheme", { Authorization: "WebPush abc" }, 401, /Authorization/],
    [
      "token for another origin",
      { Authorization: createVapidAuth(vapid).header("https://fcm.googleapis.com") },
      401,
      /aud must be/,
    ],
    [
      "token signed by another key",
      {
        Authorization: createVapidAuth(vapid)
          .header("x")
          .replace(/k=.*/, `k=${generateVapidKeys("mailto:a@b.example").publicKey}`),
      },
      401,
      /signature|aud/,
    ],
  ])("refuses %s", async (_name, extra, status, reason) => {
    const { headers, body } = valid();
    const merged: Record<string, string | number> = { ...headers, ...extra };
    for (const [key, value] of Object.entries(merged)) if (value === "") delete merged[key];
    const res = await post(sub.endpoint, merged, body);
    expect(res.status).toBe(status);
    expect(res.text).toMatch(reason);
  });

  it("refuses a body over 4096 bytes with 413 and a multi-record or undecryptable body with 400", async () => {
    const big = valid({}, encrypt("a".repeat(3994)));
    expect((await post(sub.endpoint, big.headers, big.body)).status).toBe(413);
    const garbage = valid({}, randomBytes(200));
    expect((await post(sub.endpoint, garbage.headers, garbage.body)).text).toMatch(/cannot decrypt/);
    const otherSub = service.createSubscription();
    const wrongKeys = valid({}, encrypt("hi", otherSub));
    expect((await post(sub.endpoint, wrongKeys.headers, wrongKeys.body)).status).toBe(400);
    const small = encryptWebPushForTest(
      Buffer.from("x".repeat(100)),
      {
        publicKey: Buffer.from(sub.keys.p256dh, "base64url"),
        authSecret: Buffer.from(sub.keys.auth, "base64url"),
      },
      { privateKey: randomBytes(32), salt: randomBytes(16), rs: 40 },
    ); // record size smaller than the record
    const multi = valid({}, small);
    expect((await post(sub.endpoint, multi.headers, multi.body)).text).toMatch(/cannot decrypt/);
  });

  it("answers 404 for unknown subscriptions and 405 for other methods", async () => {
    const { headers, body } = valid();
    expect((await post(`${service.origin}/push/nope`, headers, body)).status).toBe(404);
    expect((await post(sub.endpoint, { TTL: 60 }, undefined, "PUT")).status).toBe(405);
  });

  it("offers a control API for tests in other processes", async () => {
    const created = await post(
      `${service.origin}/_control/subscriptions`,
      { "content-type": "application/json" },
      Buffer.from("{}"),
    );
    expect(created.status).toBe(201);
    const remote = JSON.parse(created.text) as TestSubscription;
    expect(remote.endpoint).toBe(`${service.origin}/push/${remote.id}`);
    const setFault = await post(
      `${service.origin}/_control/faults/${remote.id}`,
      {},
      Buffer.from(JSON.stringify({ fault: { kind: "status", status: 410 } })),
    );
    expect(setFault.status).toBe(204);
    const { headers, body } = valid({}, encrypt("hello", remote));
    expect((await post(remote.endpoint, headers, body)).status).toBe(410);
    const log = await post(`${service.origin}/_control/requests/${remote.id}`, {}, undefined, "GET");
    expect(JSON.parse(log.text)).toMatchObject([{ status: 410, payload: "hello", fault: "status" }]);
    expect((await post(`${service.origin}/_control/faults/${remote.id}`, {}, Buffer.from("{not json"))).status).toBe(
      400,
    );
    expect(
      (await post(`${service.origin}/_control/faults/${remote.id}`, {}, Buffer.from('{"fault":{"kind":"explode"}}')))
        .status,
    ).toBe(400);
    expect((await post(`${service.origin}/_control/faults/unknown`, {}, Buffer.from('{"fault":null}'))).status).toBe(
      404,
    );
    expect(
      (await post(`${service.origin}/_control/subscriptions`, {}, Buffer.from('{"applicationServerKey":"short"}')))
        .status,
    ).toBe(400);
  });
});
