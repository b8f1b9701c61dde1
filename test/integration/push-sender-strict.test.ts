// The sender against our strict push service: what arrives, and how every fault maps to an outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePushPayload } from "@/lib/push/payload";
import { topicFromName } from "@/lib/push/options";
import { createPushSender, type PushSenderOptions } from "@/lib/push/sender";
import { createHttpsTransport } from "@/lib/push/transport";
import type { PushSender } from "@/lib/push/types";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import {
  startStrictPushService,
  type Fault,
  type StrictPushService,
  type TestSubscription,
} from "@/test/support/strict-push-service";
import { ensureTestTls } from "@/test/support/tls";

const vapid = generateVapidKeys("mailto:ops@pushboard.dev");
const ca = ensureTestTls().cert;
const hostOf = (service: StrictPushService) => new URL(service.origin).host;
const target = (sub: TestSubscription) => ({ endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth });

let a: StrictPushService;
let b: StrictPushService;
let sender: PushSender;
const senders: PushSender[] = [];

function makeSender(extra: Partial<PushSenderOptions> = {}) {
  const s = createPushSender({
    vapid,
    extraHosts: [hostOf(a), hostOf(b)],
    ca,
    responseTimeoutMs: 1500,
    connectTimeoutMs: 1000,
    ...extra,
  });
  senders.push(s);
  return s;
}

beforeAll(async () => {
  a = await startStrictPushService({ maxTtl: 86_400 });
  b = await startStrictPushService();
  sender = makeSender();
});
afterAll(async () => {
  await Promise.all(senders.map((s) => s.close()));
  await Promise.all([a.close(), b.close()]);
});

describe("delivery to a strict push service", () => {
  it("arrives exactly as composed: payload, TTL, Urgency, Topic, VAPID", async () => {
    const sub = a.createSubscription({ applicationServerKey: vapid.publicKey });
    const { json } = encodePushPayload({
      title: "Ünïcødé 🎉",
      body: "20% off",
      clickUrl: "https://site.example/sale",
      campaignId: 7,
      receiptToken: "r1",
    });
    const topic = topicFromName("campaign 7");
    const outcome = await sender.send(target(sub), { payload: json, ttl: 3600, urgency: "high", topic });
    expect(outcome).toEqual({ kind: "accepted", statusCode: 201 });
    const [request] = a.requests(sub.id);
    expect(request).toMatchObject({ status: 201, payload: json, ttl: 3600, urgency: "high", topic });
    expect(request!.vapid).toMatchObject({
      aud: a.origin,
      sub: "mailto:ops@pushboard.dev",
      publicKey: vapid.publicKey,
    });
    expect(request!.headers["content-encoding"]).toBe("aes128gcm");
    expect(JSON.parse(request!.payload!).notification.data.pushboard).toEqual({ campaignId: 7, receiptToken: "r1" });
  });

  it("sends TTL 0, the default urgency, and no Topic when none is given; records a shorter granted TTL", async () => {
    const sub = a.createSubscription();
    expect(await sender.send(target(sub), { payload: "{}", ttl: 0 })).toEqual({ kind: "accepted", statusCode: 201 });
    expect(a.requests(sub.id)[0]).toMatchObject({ ttl: 0, urgency: "normal", topic: undefined });
    expect(await sender.send(target(sub), { payload: "{}", ttl: 2_419_200 })).toEqual({
      kind: "accepted",
      statusCode: 201,
      ttl: 86_400,
    });
  });

  it("follows a key rotation without a restart: the next send signs with the new pair", async () => {
    const rotated = generateVapidKeys("mailto:rotated@pushboard.dev");
    let current = vapid;
    const following = makeSender({ vapid: () => current });
    const sub = a.createSubscription({ applicationServerKey: rotated.publicKey });
    const before = await following.send(target(sub), { payload: "{}", ttl: 60 });
    expect(before).toMatchObject({ kind: "failed", statusCode: 403, authProblem: true });
    current = rotated;
    expect(await following.send(target(sub), { payload: "{}", ttl: 60 })).toEqual({
      kind: "accepted",
      statusCode: 201,
    });
    expect(a.requests(sub.id)[1]!.vapid).toMatchObject({
      publicKey: rotated.publicKey,
      sub: "mailto:rotated@pushboard.dev",
    });
  });

  it("reuses one VAPID token per origin and signs a separate one for another origin", async () => {
    const [s1, s2, s3] = [a.createSubscription(), a.createSubscription(), b.createSubscription()];
    for (const sub of [s1!, s2!, s3!]) await sender.send(target(sub), { payload: "x", ttl: 60 });
    const auth = (service: StrictPushService, sub: TestSubscription) =>
      service.requests(sub.id)[0]!.headers.authorization;
    expect(auth(a, s1!)).toBe(auth(a, s2!));
    expect(auth(b, s3!)).not.toBe(auth(a, s1!));
    expect(b.requests(s3!.id)[0]!.vapid!.aud).toBe(b.origin);
  });

  it("a 3993-byte payload is accepted whole; 3994 bytes is refused before any request", async () => {
    const sub = a.createSubscription();
    const exact = "é".repeat(1996) + "a"; // 3993 bytes
    expect(await sender.send(target(sub), { payload: exact, ttl: 60 })).toMatchObject({ kind: "accepted" });
    expect(a.requests(sub.id)[0]).toMatchObject({ bodyBytes: 4096, payload: exact });
    const outcome = await sender.send(target(sub), { payload: exact + "a", ttl: 60 });
    expect(outcome).toMatchObject({ kind: "failed", authProblem: false, error: expect.stringMatching(/3994 bytes/) });
    expect(a.requests(sub.id)).toHaveLength(1);
  });

  it.each([
    [{ payload: "x", ttl: -1 }, /TTL/],
    [{ payload: "x", ttl: 1.5 }, /TTL/],
    [{ payload: "x", ttl: 60, topic: "abcde" }, /Topic/],
    [{ payload: "x", ttl: 60, urgency: "urgent" }, /Urgency/],
  ])("refuses invalid options before sending (%#)", async (message, pattern) => {
    const sub = a.createSubscription();
    const outcome = await sender.send(target(sub), message as never);
    expect(outcome).toMatchObject({ kind: "failed", error: expect.stringMatching(pattern) });
    expect(a.requests(sub.id)).toHaveLength(0);
  });

  it("refuses endpoints outside the policy and broken keys, without leaking the endpoint", async () => {
    const sub = a.createSubscription();
    const strict = makeSender({ extraHosts: [] });
    const refused = await strict.send(target(sub), { payload: "x", ttl: 60 });
    expect(refused).toMatchObject({ kind: "failed", error: expect.stringMatching(/^endpoint refused/) });
    expect(JSON.stringify(refused)).not.toContain(sub.id);
    const badKey = await sender.send(
      { ...target(sub), p256dh: Buffer.alloc(65, 4).toString("base64url") },
      { payload: "x", ttl: 60 },
    );
    expect(badKey).toMatchObject({
      kind: "failed",
      error: expect.stringMatching(/subscription keys refused: .*curve/),
    });
    const badAuth = await sender.send({ ...target(sub), auth: "AAAA" }, { payload: "x", ttl: 60 });
    expect(badAuth).toMatchObject({ kind: "failed", error: expect.stringMatching(/subscription keys refused: auth/) });
    expect(a.requests(sub.id)).toHaveLength(0);
  });

  it("reads the allowed hosts afresh before refusing, so a host allowed a moment ago is not refused from a stale cache", async () => {
    const sub = a.createSubscription();
    let stored: string[] = []; // what the settings hold; the cache below lags behind them
    let cache: readonly string[] = [];
    const reads: string[] = [];
    const caching = makeSender({
      extraHosts: (read) => {
        if (read?.fresh) {
          reads.push("fresh");
          cache = [...stored];
        }
        return cache;
      },
    });
    expect(await caching.send(target(sub), { payload: "x", ttl: 60 })).toMatchObject({
      kind: "failed",
      error: expect.stringMatching(/^endpoint refused/),
    });
    stored = [hostOf(a)]; // the admin allows the host; the cache still says no
    expect(await caching.send(target(sub), { payload: "x", ttl: 60 })).toMatchObject({ kind: "accepted" });
    expect(reads).toEqual(["fresh", "fresh"]);
    expect(await caching.send(target(sub), { payload: "y", ttl: 60 })).toMatchObject({ kind: "accepted" });
    expect(reads).toHaveLength(2); // an allowed host costs no further reads
  });

  it("answers 401 to a token whose key the subscription was not created for, flagged as an auth problem", async () => {
    const sub = a.createSubscription({ applicationServerKey: generateVapidKeys("mailto:x@pushboard.dev").publicKey });
    expect(await sender.send(target(sub), { payload: "x", ttl: 60 })).toMatchObject({
      kind: "failed",
      statusCode: 403,
      authProblem: true,
    });
    const stale = makeSender({ now: () => Date.now() - 13 * 3600_000 }); // its token expired an hour ago
    expect(await stale.send(target(a.createSubscription()), { payload: "x", ttl: 60 })).toMatchObject({
      kind: "failed",
      statusCode: 401,
      authProblem: true,
      error: expect.stringMatching(/token expired/),
    });
  });
});

describe("faults map to outcomes", () => {
  const httpDate = () => new Date(Date.now() + 120_000).toUTCString();
  it.each<[string, Fault, object]>([
    [
      "429 + Retry-After seconds",
      { kind: "status", status: 429, retryAfter: "30" },
      { kind: "retry", statusCode: 429, retryAfterMs: 30_000, originThrottled: true },
    ],
    [
      "503 + Retry-After date",
      { kind: "status", status: 503, retryAfter: httpDate() },
      { kind: "retry", statusCode: 503, originThrottled: true },
    ],
    ["500", { kind: "status", status: 500 }, { kind: "retry", statusCode: 500, originThrottled: false }],
    [
      "413",
      { kind: "status", status: 413, body: "too big" },
      { kind: "failed", statusCode: 413, authProblem: false, error: "HTTP 413: too big" },
    ],
    [
      "400",
      { kind: "status", status: 400, body: "x".repeat(10_000) },
      { kind: "failed", statusCode: 400, authProblem: false },
    ],
    ["401", { kind: "status", status: 401 }, { kind: "failed", statusCode: 401, authProblem: true }],
    ["404", { kind: "status", status: 404 }, { kind: "expired", statusCode: 404 }],
    ["410", { kind: "status", status: 410 }, { kind: "expired", statusCode: 410 }],
    ["reset", { kind: "reset" }, { kind: "retry", originThrottled: false, error: expect.stringMatching(/^reset/) }],
    [
      "slower than the limit",
      { kind: "delay", ms: 2500 },
      { kind: "retry", originThrottled: false, error: expect.stringMatching(/^response-timeout/) },
    ],
    [
      "redirect",
      { kind: "redirect", status: 307, location: "https://evil.example/" },
      { kind: "failed", statusCode: 307, error: "HTTP 307: redirect not followed" },
    ],
  ])("%s", async (_name, fault, expected) => {
    const sub = a.createSubscription();
    a.setFault(sub.id, { ...fault, times: 1 });
    const outcome = await sender.send(target(sub), { payload: "x", ttl: 60 });
    expect(outcome).toMatchObject(expected);
    if (outcome.kind === "retry" && fault.kind === "status" && fault.retryAfter?.includes("GMT")) {
      expect(outcome.retryAfterMs).toBeGreaterThan(100_000);
      expect(outcome.retryAfterMs).toBeLessThanOrEqual(120_000);
    }
    if (outcome.kind === "failed") expect(outcome.error.length).toBeLessThan(600);
    // "next N requests" only: the following one goes through
    expect(await sender.send(target(sub), { payload: "y", ttl: 60 })).toMatchObject({ kind: "accepted" });
    if (fault.kind === "redirect") expect(a.requests(sub.id)).toHaveLength(2); // never followed elsewhere
  });
});

describe("isolation between push services", () => {
  it("a hanging origin times out while another keeps flowing", async () => {
    const hanging = a.createSubscription();
    a.setFault(hanging.id, { kind: "hang" });
    const isolated = makeSender({ maxSocketsPerOrigin: 2, responseTimeoutMs: 1500 });
    const started = Date.now();
    let firstGaveUpAt = Infinity;
    const stuck = Array.from({ length: 6 }, () =>
      isolated.send(target(hanging), { payload: "x", ttl: 60 }).then((outcome) => {
        firstGaveUpAt = Math.min(firstGaveUpAt, Date.now());
        return outcome;
      }),
    );
    const healthy = b.createSubscription();
    const flowing: number[] = [];
    for (let i = 0; i < 10; i++) {
      expect(await isolated.send(target(healthy), { payload: String(i), ttl: 60 })).toMatchObject({ kind: "accepted" });
      flowing.push(Date.now() - started);
    }
    expect(flowing.at(-1)).toBeLessThan(1000);
    const outcomes = await Promise.all(stuck);
    for (const outcome of outcomes)
      expect(outcome).toMatchObject({ kind: "retry", error: expect.stringMatching(/^response-timeout/) });
    expect(Date.now() - started).toBeLessThan(4000);
    // While both of its sockets were held, no third request reached the hanging origin. Once the
    // first request gave up, the agent may open a socket for a queued one whose own deadline (which
    // counts from the send, queue time included) has not quite passed yet: that is the cap working,
    // not breaking, so only arrivals before the first give-up are counted.
    const reached = a.requests(hanging.id);
    expect(reached.filter((request) => request.at < firstGaveUpAt).length).toBeLessThanOrEqual(2);
    expect(reached.length).toBeLessThanOrEqual(6);
    a.setFault(hanging.id, null);
  });

  it("the DNS guard refuses loopback at connect time unless the host was allowed", async () => {
    const sub = a.createSubscription();
    const transport = createHttpsTransport({ allowHost: () => false, ca });
    const guarded = makeSender({ transport });
    expect(await guarded.send(target(sub), { payload: "x", ttl: 60 })).toMatchObject({
      kind: "failed",
      error: expect.stringMatching(/endpoint refused: push service host localhost resolves to a private/),
    });
    const literal = await transport.post({ url: new URL("https://127.0.0.1:9/x"), headers: {}, body: null });
    expect(literal).toMatchObject({ ok: false, failure: "forbidden-address" });
    const mapped = await transport.post({ url: new URL("https://[::ffff:127.0.0.1]:9/x"), headers: {}, body: null });
    expect(mapped).toMatchObject({ ok: false, failure: "forbidden-address" });
    expect(a.requests(sub.id)).toHaveLength(0);
  });

  it("a refused connection is a retry", async () => {
    const transport = createHttpsTransport({ allowHost: () => true, ca, connectTimeoutMs: 500 });
    const result = await transport.post({ url: new URL("https://localhost:1/x"), headers: {}, body: null });
    expect(result).toMatchObject({ ok: false, failure: "network" });
    await transport.close();
  });
});
