// A strict RFC 8030/8291/8292 push service for tests, over https: hands out subscriptions, verifies
// VAPID, decrypts with the subscriber's keys, records everything and injects faults on demand.
import { createECDH, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ensureTestTls } from "../tls";
import { decryptWebPush, type SubscriberKeys } from "../push-crypto";
import { handleControl } from "./control";
import { takeFault, type Fault, type FaultSlot } from "./faults";
import { checkPushHeaders, MAX_BODY_BYTES } from "./validate";
import { verifyVapid } from "./vapid-check";
import { readRequestBody } from "../read-request-body";

export type TestSubscription = { id: string; endpoint: string; keys: { p256dh: string; auth: string } };

export type RecordedRequest = {
  at: number;
  subscriptionId: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  status: number | "hang" | "reset";
  reason?: string;
  payload?: string;
  ttl?: number;
  urgency?: string;
  topic?: string;
  vapid?: { aud: string; exp: number; sub: string; publicKey: string };
  fault?: Fault["kind"];
};

export type StrictPushServiceOptions = {
  port?: number;
  now?: () => number;
  /** "sink": accept every POST with 201 and record nothing (benchmarks). */
  mode?: "strict" | "sink";
  /** In sink mode, still decrypt (costs CPU like a real service would). */
  sinkDecrypt?: boolean;
  /** Grant at most this TTL, answering with a shorter TTL header as RFC 8030 §5.2 allows. */
  maxTtl?: number;
  /** In sink mode, told of every accepted push (its subscription id and headers): benchmarks count and time them. */
  onSinkAccepted?: (id: string, headers: IncomingHttpHeaders) => void;
};

export type StrictPushService = {
  origin: string;
  createSubscription(options?: { applicationServerKey?: string }): TestSubscription;
  setFault(id: string, fault: Fault | null): void;
  requests(id?: string): RecordedRequest[];
  acceptedCount(): number;
  close(): Promise<void>;
};

type Sub = { keys: SubscriberKeys; applicationServerKey?: string; fault?: FaultSlot; log: RecordedRequest[] };

function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startStrictPushService(options: StrictPushServiceOptions = {}): Promise<StrictPushService> {
  const now = options.now ?? Date.now;
  const tls = ensureTestTls();
  const subs = new Map<string, Sub>();
  const sockets = new Set<Socket>();
  let accepted = 0;
  let origin = "";

  function createSubscription(opts: { applicationServerKey?: string } = {}): TestSubscription {
    const ecdh = createECDH("prime256v1");
    const publicKey = ecdh.generateKeys();
    const privateKey = Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()]).subarray(-32);
    const authSecret = randomBytes(16);
    const id = randomBytes(16).toString("base64url");
    subs.set(id, {
      keys: { privateKey, publicKey, authSecret },
      applicationServerKey: opts.applicationServerKey,
      log: [],
    });
    return {
      id,
      endpoint: `${origin}/push/${id}`,
      keys: { p256dh: publicKey.toString("base64url"), auth: authSecret.toString("base64url") },
    };
  }

  async function handlePush(req: IncomingMessage, res: ServerResponse, id: string) {
    const { body, length } = await readRequestBody(req, { destroyOverLimit: true });
    if (options.mode === "sink") {
      const sub = subs.get(id);
      if (options.sinkDecrypt && sub) decryptWebPush(body, sub.keys, { singleRecord: true });
      accepted++;
      options.onSinkAccepted?.(id, req.headers);
      return reply(res, 201, undefined, { location: `${origin}/m/${accepted}` });
    }
    const sub = subs.get(id);
    if (!sub) return reply(res, 404, { reason: "no such subscription" });
    const entry: RecordedRequest = {
      at: now(),
      subscriptionId: id,
      headers: req.headers,
      bodyBytes: length,
      status: 0,
    };
    sub.log.push(entry);
    const refuse = (status: number, reason: string) => {
      Object.assign(entry, { status, reason });
      reply(res, status, { reason });
    };
    if (req.method !== "POST") return refuse(405, "only POST");
    const headers = checkPushHeaders(req.headers, length);
    if (!headers.ok) return refuse(headers.status, headers.reason);
    Object.assign(entry, { ttl: headers.ttl, urgency: headers.urgency, topic: headers.topic });
    const vapid = verifyVapid(req.headers.authorization, origin, now(), sub.applicationServerKey);
    if (!vapid.ok) return refuse(vapid.status, vapid.reason);
    entry.vapid = { ...vapid.claims, publicKey: vapid.publicKey };
    if (length > 0) {
      try {
        entry.payload = decryptWebPush(body, sub.keys, { singleRecord: true }).toString("utf8");
      } catch (err) {
        return refuse(400, `cannot decrypt: ${(err as Error).message}`);
      }
    }

    const fault = takeFault(sub.fault);
    entry.fault = fault?.kind;
    if (fault?.kind === "hang") return void (entry.status = "hang");
    if (fault?.kind === "reset") {
      entry.status = "reset";
      // A TLS socket cannot send an RST itself; its TCP socket can.
      const tcp = (req.socket as unknown as { _parent?: Socket })._parent;
      return void (tcp ? tcp.resetAndDestroy() : req.socket.destroy());
    }
    if (fault?.kind === "status") {
      entry.status = fault.status;
      const extra = {
        ...fault.headers,
        ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}),
      };
      res.writeHead(fault.status, { "content-type": "text/plain", ...extra });
      return void res.end(fault.body ?? "");
    }
    if (fault?.kind === "redirect") {
      entry.status = fault.status;
      return reply(res, fault.status, undefined, { location: fault.location });
    }
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    entry.status = 201;
    accepted++;
    const granted = options.maxTtl !== undefined ? Math.min(headers.ttl, options.maxTtl) : headers.ttl;
    reply(res, 201, undefined, { location: `${origin}/m/${randomBytes(8).toString("hex")}`, ttl: String(granted) });
  }

  const service: StrictPushService = {
    get origin() {
      return origin;
    },
    createSubscription,
    setFault(id, fault) {
      const sub = subs.get(id);
      if (!sub) throw new Error("no such subscription");
      sub.fault = fault ? { fault, remaining: fault.times ?? Infinity } : undefined;
    },
    requests(id) {
      if (id !== undefined) return [...(subs.get(id)?.log ?? [])];
      return [...subs.values()].flatMap((sub) => sub.log).sort((a, b) => a.at - b.at);
    },
    acceptedCount: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert, keepAliveTimeout: 30_000 }, (req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const push = /^\/push\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    const handled = push ? handlePush(req, res, push[1]!) : handleControl(req, res, url, service);
    handled.catch((err: Error) => {
      if (!res.headersSent) reply(res, 500, { reason: err.message });
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return service;
}

export { MAX_BODY_BYTES };
