// The Mozilla test push service speaks Firefox's WebSocket protocol and enforces VAPID on its https side;
// here a WebSocket client plays Firefox (hello, register, decrypt, ack) so the Firefox test rests on it.
import { createECDH, randomBytes, randomUUID } from "node:crypto";
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVapidAuth } from "@/lib/push/vapid";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { decryptWebPush, encryptWebPushForTest } from "@/test/support/push-crypto";
import {
  connectWebSocket,
  startMozillaPushService,
  type MozillaPushService,
} from "@/test/support/mozilla-push-service";
import { ensureTestTls } from "@/test/support/tls";

const ca = ensureTestTls().cert;
const vapid = generateVapidKeys("mailto:ops@pushboard.dev");
const other = generateVapidKeys("mailto:ops@pushboard.dev");
let service: MozillaPushService;

type Msg = Record<string, unknown>;

/** A fake Firefox: a WebSocket with an inbox, and the subscriber keys of each channel it registers. */
async function browser() {
  const ws = await connectWebSocket(service.websocketUrl);
  const inbox: Msg[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (text) => {
    inbox.push(JSON.parse(text) as Msg);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<number>((resolve) => ws.on("close", resolve));
  async function next(messageType?: string, timeoutMs = 2_000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = inbox.findIndex((m) => messageType === undefined || m.messageType === messageType);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline)
        throw new Error(`no ${messageType ?? "message"} within ${timeoutMs} ms; inbox: ${JSON.stringify(inbox)}`);
      await new Promise<void>((resolve) => (waiters.push(resolve), setTimeout(resolve, 50)));
    }
  }
  const send = (message: object) => ws.send(JSON.stringify(message));
  return { ws, inbox, next, send, closed };
}

async function hello(uaid?: string) {
  const b = await browser();
  b.send({ messageType: "hello", broadcasts: {}, use_webpush: true, ...(uaid ? { uaid } : {}) });
  const reply = await b.next("hello");
  return { ...b, uaid: reply.uaid as string, reply };
}

/** Registers a channel with the key padded the way Firefox sends it, and makes its subscriber keys. */
async function register(b: Awaited<ReturnType<typeof hello>>, key: string | undefined = vapid.publicKey) {
  const channelID = randomUUID();
  const padded = key === undefined ? undefined : key + "=".repeat((4 - (key.length % 4)) % 4);
  b.send({ channelID, messageType: "register", ...(padded ? { key: padded } : {}) });
  const reply = await b.next("register");
  const ecdh = createECDH("prime256v1");
  const publicKey = ecdh.generateKeys();
  const keys = {
    privateKey: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()]).subarray(-32),
    publicKey,
    authSecret: randomBytes(16),
  };
  return { channelID, reply, endpoint: reply.pushEndpoint as string, keys };
}

function post(url: string, headers: Record<string, string | number>, body?: Buffer) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const req = request(url, { method: "POST", headers, ca, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function pushTo(
  channel: Awaited<ReturnType<typeof register>>,
  text: string,
  extra: Record<string, string | number> = {},
  keys = vapid,
) {
  const body = encryptWebPushForTest(
    Buffer.from(text),
    { publicKey: channel.keys.publicKey, authSecret: channel.keys.authSecret },
    { privateKey: randomBytes(32), salt: randomBytes(16) },
  );
  const headers = {
    TTL: 60,
    "Content-Encoding": "aes128gcm",
    Authorization: createVapidAuth(keys).header(service.origin),
    "Content-Length": body.length,
    ...extra,
  };
  return post(channel.endpoint, headers, body);
}

const decrypt = (channel: Awaited<ReturnType<typeof register>>, data: unknown) =>
  decryptWebPush(Buffer.from(String(data), "base64url"), channel.keys, { singleRecord: true }).toString("utf8");

beforeAll(async () => {
  service = await startMozillaPushService();
});
afterAll(() => service.close());

describe("Mozilla test push service: WebSocket side", () => {
  it("says hello with a fresh uaid, answers pings and keeps a known uaid on reconnect", async () => {
    const first = await hello();
    expect(first.reply).toEqual({
      messageType: "hello",
      uaid: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 200,
      use_webpush: true,
      broadcasts: {},
    });
    first.send({});
    expect(await first.next()).toEqual({});
    first.ws.close();
    const again = await hello(first.uaid);
    expect(again.uaid).toBe(first.uaid);
    const stranger = await hello("0".repeat(32));
    expect(stranger.uaid).not.toBe("0".repeat(32));
    again.ws.close();
    stranger.ws.close();
  });

  it("closes a connection that speaks before hello or sends garbage", async () => {
    const early = await browser();
    early.send({ messageType: "register", channelID: randomUUID() });
    expect(await early.closed).toBe(1002);
    const garbage = await browser();
    garbage.ws.send("{not json");
    expect(await garbage.closed).toBe(1003);
  });

  it("registers a channel (key compared as bytes), refuses a bad key and unregisters", async () => {
    const b = await hello();
    const channel = await register(b);
    expect(channel.reply).toEqual({
      messageType: "register",
      channelID: channel.channelID,
      status: 200,
      pushEndpoint: expect.stringMatching(new RegExp(`^${service.origin}/wpush/v2/[A-Za-z0-9_-]+$`)),
    });
    expect(service.channels().find((c) => c.channelID === channel.channelID)?.key).toMatch(/=$/);
    b.send({ channelID: randomUUID(), messageType: "register", key: "not-a-key" });
    expect(await b.next("register")).toMatchObject({ status: 400 });

    b.send({ channelID: channel.channelID, messageType: "unregister", code: 200 });
    expect(await b.next("unregister")).toEqual({
      messageType: "unregister",
      channelID: channel.channelID,
      status: 200,
    });
    expect((await pushTo(channel, "late")).status).toBe(410);
    b.ws.close();
  });
});

describe("Mozilla test push service: push side", () => {
  it("forwards the body base64url-encoded to the channel, answers 201 with a Location and records the ack", async () => {
    const b = await hello();
    const channel = await register(b);
    const answer = await pushTo(channel, '{"notification":{"title":"Hi"}}');
    expect(answer.status).toBe(201);
    const notification = await b.next("notification");
    expect(notification).toMatchObject({ channelID: channel.channelID, headers: { encoding: "aes128gcm" } });
    expect(answer.headers.location).toBe(`${service.origin}/m/${String(notification.version)}`);
    expect(decrypt(channel, notification.data)).toBe('{"notification":{"title":"Hi"}}');
    expect(service.messages().find((m) => m.version === notification.version)).toMatchObject({ status: "sent" });

    b.send({
      messageType: "ack",
      updates: [{ channelID: channel.channelID, version: notification.version, code: 100 }],
    });
    await expect
      .poll(() => service.messages().find((m) => m.version === notification.version))
      .toMatchObject({ status: "acked", ackCode: 100 });

    await pushTo(channel, "second");
    const second = await b.next("notification");
    b.send({ messageType: "nack", version: second.version, code: 302 });
    await expect
      .poll(() => service.messages().find((m) => m.version === second.version))
      .toMatchObject({ status: "nacked", nackCode: 302 });
    b.ws.close();
  });

  it("refuses a missing, forged or foreign-key VAPID token, a wrong audience and unknown channels", async () => {
    const b = await hello();
    const channel = await register(b);
    const body = Buffer.from("x");
    expect((await post(channel.endpoint, { TTL: 60, "Content-Encoding": "aes128gcm" }, body)).status).toBe(401);
    expect((await pushTo(channel, "x", {}, other)).status).toBe(403);
    const forged = createVapidAuth(vapid)
      .header(service.origin)
      .replace(/t=([^.]+)\.([^.]+)\.([^,]+)/, (_m, h, p) => `t=${h}.${p}.${Buffer.alloc(64).toString("base64url")}`);
    expect((await pushTo(channel, "x", { Authorization: forged })).status).toBe(401);
    expect(
      (await pushTo(channel, "x", { Authorization: createVapidAuth(vapid).header("https://elsewhere.example") }))
        .status,
    ).toBe(401);
    expect((await pushTo(channel, "x", { TTL: "" })).status).toBe(400);
    expect((await post(`${service.origin}/wpush/v2/${randomBytes(24).toString("base64url")}`, { TTL: 0 })).status).toBe(
      404,
    );
    expect(b.inbox.filter((m) => m.messageType === "notification")).toEqual([]);
    b.ws.close();
  });

  it("keeps messages for an offline browser within their TTL, drops TTL 0 and redelivers what was never acked", async () => {
    const b = await hello();
    const channel = await register(b);
    b.ws.close();
    await expect.poll(() => b.ws.isOpen).toBe(false);
    expect((await pushTo(channel, "now or never", { TTL: 0 })).status).toBe(201);
    expect((await pushTo(channel, "keep me", { TTL: 600 })).status).toBe(201);
    expect(
      service
        .messages()
        .filter((m) => m.channelID === channel.channelID)
        .map((m) => m.status),
    ).toEqual(["dropped", "queued"]);

    const back = await hello(b.uaid);
    const kept = await back.next("notification");
    expect(decrypt(channel, kept.data)).toBe("keep me");
    // not acked and the connection is lost: the next hello gets it again
    service.disconnectAll();
    const third = await hello(b.uaid);
    expect((await third.next("notification")).version).toBe(kept.version);
    third.send({ messageType: "ack", updates: [{ channelID: channel.channelID, version: kept.version, code: 100 }] });
    await expect.poll(() => service.messages().find((m) => m.version === kept.version)?.status).toBe("acked");
    expect(third.inbox.filter((m) => m.messageType === "notification")).toEqual([]);
    third.ws.close();
  });
});
