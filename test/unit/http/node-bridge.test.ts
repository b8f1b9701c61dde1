// The server's direct path (scripts/server.ts) over real HTTP: which requests it answers itself, and
// that a route handler sees and answers there exactly what it would behind Next.
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-bridge-")), "test.db");
});
vi.mock("@/lib/auth/session", () => ({ getSessionUserId: async () => null }));

import { directRoute } from "@/app/api/direct-routes";
import { POST as postReceipt } from "@/app/api/receipts/route";
import { POST as postSubscription } from "@/app/api/subscriptions/route";
import { directDispatch } from "@/lib/http/node-bridge";
import { getServerContext } from "@/lib/server-context";
import { subscriptions } from "@/lib/db/schema";
import { browserSubscription } from "../subscriptions/helpers";

type Seen = { url: string; headers: Record<string, string | null>; body: string };
let seen: Seen | undefined;
let server: Server;
let base: string;
const HEADERS: [string, string][] = [["X-Frame-Options", "DENY"]];

// The real direct routes, plus two test handlers that show what a handler receives and how it can answer.
function route(method: string | undefined, url: string | undefined, cookie: string | undefined) {
  if (url === "/echo") {
    return async (request: Request) => {
      const names = ["x-forwarded-for", "host", "content-type"];
      seen = { url: request.url, headers: Object.fromEntries(names.map((n) => [n, request.headers.get(n)])), body: await request.text() };
      const response = new Response("echoed", { status: 207, headers: { "content-type": "text/plain" } });
      response.headers.append("set-cookie", "a=1");
      response.headers.append("set-cookie", "b=2");
      return response;
    };
  }
  if (url === "/broken") return async () => Promise.reject(new Error("bridge fault"));
  if (url === "/first-chunk") {
    // reads a little and answers without cancelling: the rest must not stall the connection
    return async (request: Request) => {
      await request.body!.getReader().read();
      return new Response(null, { status: 204 });
    };
  }
  return directRoute(method, url, cookie);
}

beforeAll(async () => {
  server = createServer(
    directDispatch({ route, fallback: (_req, res) => void res.writeHead(418).end("next"), headers: HEADERS, origin: "http://localhost:3000" }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type SendInit = { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[]; agent?: Agent };

function send(path: string, init: SendInit = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; reusedSocket: boolean }>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: init.method ?? "POST", headers: init.headers, agent: init.agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body, reusedSocket: req.reusedSocket }));
    });
    req.on("error", reject);
    for (const chunk of init.chunks ?? []) req.write(chunk); // no Content-Length: sent chunked
    req.end(init.body);
  });
}

describe("directRoute", () => {
  it("takes only the POSTs of the two hot visitor routes, and subscriptions only without a session cookie", () => {
    expect(directRoute("POST", "/api/receipts", undefined)).toBe(postReceipt);
    expect(directRoute("POST", "/api/receipts?from=sw", undefined)).toBe(postReceipt);
    expect(directRoute("POST", "/api/subscriptions", "theme=dark")).toBe(postSubscription);
    expect(directRoute("POST", "/api/subscriptions", "__Secure-authjs.session-token=abc")).toBeNull();
    expect(directRoute("POST", "/api/subscriptions", "authjs.session-token.0=abc")).toBeNull();
    for (const [method, url] of [
      ["GET", "/api/receipts"],
      ["PATCH", "/api/subscriptions"],
      ["DELETE", "/api/subscriptions"],
      ["POST", "/api/receipts/"],
      ["POST", "/api/subscriptions/lookup"],
      ["POST", "//api/receipts"],
      ["POST", "/API/receipts"],
      ["POST", "/admin"],
    ] as const) {
      expect(directRoute(method, url, undefined), `${method} ${url}`).toBeNull();
    }
  });
});

describe("directDispatch over HTTP", () => {
  it("hands everything else to the fallback (Next)", async () => {
    expect(await send("/admin", { method: "GET" })).toMatchObject({ status: 418, body: "next" });
    expect(await send("/api/subscriptions", { headers: { cookie: "authjs.session-token=x" }, body: "{}" })).toMatchObject({ status: 418 });
  });

  it("gives the handler our origin (never the Host header), the socket address as X-Forwarded-For and the streamed body", async () => {
    const answer = await send("/echo", { headers: { host: "evil.example", "content-type": "application/json" }, body: '{"a":1}' });
    expect(seen).toEqual({
      url: "http://localhost:3000/echo",
      headers: { "x-forwarded-for": "127.0.0.1", host: "evil.example", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(207);
    expect(answer.body).toBe("echoed");
    expect(answer.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(answer.headers["x-frame-options"]).toBe("DENY");
  });

  it("keeps the X-Forwarded-For a proxy set", async () => {
    await send("/echo", { headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.2" }, body: "" });
    expect(seen?.headers["x-forwarded-for"]).toBe("203.0.113.7, 10.0.0.2");
  });

  it("answers a fault of the bridge with the generic 500 in the error shape", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await send("/broken", { body: "" });
    errors.mockRestore();
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "internal_error", message: expect.any(String) } });
  });

  it("runs the real subscription and receipt handlers: same answers, limits and headers as behind Next", async () => {
    const { vapid, db } = getServerContext();
    const created = await send("/api/subscriptions", {
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.1" },
      body: JSON.stringify(browserSubscription({ vapidPublicKey: vapid.publicKey, topics: [] })),
    });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toEqual({ subscription: { status: "active", topics: [], pushService: "fcm", createdAt: expect.any(Number) } });
    expect(created.headers["cache-control"]).toBe("no-store");
    expect(created.headers["x-frame-options"]).toBe("DENY");
    expect(db.select().from(subscriptions).all()).toHaveLength(1);

    const huge = await send("/api/subscriptions", {
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.2" },
      body: JSON.stringify({ endpoint: "x".repeat(20_000) }),
    });
    expect(huge.status).toBe(413);
    const malformed = await send("/api/receipts", { headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.3" }, body: '{"token":' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe("malformed_json");
    const unknown = await send("/api/receipts", {
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.3" },
      body: JSON.stringify({ token: "A".repeat(43), kind: "shown" }),
    });
    expect(unknown.status).toBe(202);
  });

  it("answers bodies over the limit with 413 and keeps the connection usable, whether the length was declared or not", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const json = { "content-type": "application/json" };
    const declared = await send("/api/receipts", { agent, headers: { ...json, "x-forwarded-for": "198.51.100.4" }, body: Buffer.alloc(1_049_013, 0x20) });
    expect(declared.status).toBe(413);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const chunked = await send("/api/receipts", { agent, headers: { ...json, "x-forwarded-for": "198.51.100.5" }, chunks: Array(40).fill(chunk) });
    expect(chunked.status).toBe(413);
    const next = await send("/api/receipts", { agent, headers: { ...json, "x-forwarded-for": "198.51.100.6" }, body: JSON.stringify({ token: "B".repeat(43), kind: "shown" }) });
    expect(next.status).toBe(202);
    const halfRead = await send("/first-chunk", { agent, chunks: Array(40).fill(chunk) });
    expect(halfRead.status).toBe(204);
    const after = await send("/api/receipts", { agent, headers: { ...json, "x-forwarded-for": "198.51.100.7" }, body: JSON.stringify({ token: "C".repeat(43), kind: "shown" }) });
    expect(after.status).toBe(202);
    expect([chunked.reusedSocket, next.reusedSocket, halfRead.reusedSocket, after.reusedSocket]).toEqual([true, true, true, true]);
    agent.destroy();
  });
});
