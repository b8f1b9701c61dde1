// npm start's direct path (scripts/server.ts) over real HTTP: which requests it answers itself, and that
// a declaration answers there exactly as its Next route handler would. TRUST_PROXY is 1 here, as behind
// one reverse proxy, so X-Forwarded-For's last entry names the client (lib/http/trust-proxy.mjs).
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-node-transport-")), "test.db");
  process.env.TRUST_PROXY = "1";
});
vi.mock("@/lib/auth/session", () => ({ getSessionClaims: async () => null }));

import { directRoute } from "@/app/api/direct-routes";
import { POST as apiSend } from "@/app/api/v1/notifications/route";
import { POST as receipts } from "@/app/api/receipts/route";
import { POST as subscriptionsPost } from "@/app/api/subscriptions/route";
import { DomainError } from "@/lib/errors/domain-error";
import { defineEndpoint } from "@/lib/http/endpoint";
import { directDispatch } from "@/lib/http/node-transport";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { getServerContext } from "@/lib/server-context";
import { subscriptions } from "@/lib/db/schema";
import { browserSubscription } from "../subscriptions/helpers";

let seen: { body: unknown; client: string; host: string | null } | undefined;
let handled = 0;
const echo = defineEndpoint({
  label: "POST /echo",
  access: "public",
  limiter: createRateLimiter({ limit: 2, windowMs: 60_000 }),
  body: { json: z.object({ fail: z.string().optional() }).catchall(z.unknown()), maxBytes: 64 },
  handle({ body, client, headers }) {
    handled++;
    seen = { body, client, host: headers.get("host") };
    if (body.fail === "domain") throw new DomainError("conflict", "Already there.");
    if (body.fail === "bug") throw new Error("a bug");
    return { status: 207, json: { echoed: body } };
  },
});
const route = (method: string | undefined, url: string | undefined, cookie: string | undefined) =>
  url === "/echo" ? echo : directRoute(method, url, cookie);

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer(
    directDispatch({
      route,
      fallback: (_req, res) => void res.writeHead(418).end("next"),
      headers: [["X-Frame-Options", "DENY"]],
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type SendInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunks?: Buffer[];
  agent?: Agent;
};
function send(path: string, init: SendInit = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    reusedSocket: boolean;
  }>((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: init.method ?? "POST", headers: init.headers, agent: init.agent },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body, reusedSocket: req.reusedSocket }),
        );
      },
    );
    req.on("error", reject);
    for (const chunk of init.chunks ?? []) req.write(chunk); // no Content-Length: sent chunked
    req.end(init.body);
  });
}
const json = (address: string) => ({ "content-type": "application/json", "x-forwarded-for": address });

describe("directRoute", () => {
  it("takes only the POSTs of the hot routes, and subscriptions only without a session cookie", () => {
    expect(directRoute("POST", "/api/receipts", undefined)).toBe(receipts);
    expect(directRoute("POST", "/api/v1/notifications", undefined)).toBe(apiSend);
    expect(directRoute("POST", "/api/v1/notifications", "authjs.session-token=abc")).toBe(apiSend);
    expect(directRoute("POST", "/api/receipts?from=sw", undefined)).toBe(receipts);
    expect(directRoute("POST", "/api/subscriptions", "theme=dark")).toBe(subscriptionsPost);
    expect(directRoute("POST", "/api/subscriptions", "__Secure-authjs.session-token=abc")).toBeNull();
    expect(directRoute("POST", "/api/subscriptions", "authjs.session-token.0=abc")).toBeNull();
    for (const [method, url] of [
      ["GET", "/api/receipts"],
      ["PATCH", "/api/subscriptions"],
      ["DELETE", "/api/subscriptions"],
      ["POST", "/api/receipts/"],
      ["POST", "/api/subscriptions/lookup"],
      ["GET", "/api/v1/notifications"],
      ["POST", "/api/v1/notifications/1/cancel"],
      ["POST", "//api/receipts"],
      ["POST", "/API/receipts"],
      ["POST", "/admin"],
    ] as const) {
      expect(directRoute(method, url, undefined), `${method} ${url}`).toBeNull();
    }
  });
});

describe("directDispatch over HTTP", () => {
  it("refuses a path with a malformed percent-encoding with a 400 in the error shape, before any router", async () => {
    for (const path of ["/api/v1/users/%E0%A4%A", "/%", "/admin/%zz"]) {
      const answer = await send(path, { method: "GET" });
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "invalid_input" } });
    }
    expect(await send("/api/v1/users/caf%C3%A9?q=%", { method: "GET" })).toMatchObject({ status: 418 });
  });

  it("hands everything else to the fallback (Next)", async () => {
    expect(await send("/admin", { method: "GET" })).toMatchObject({ status: 418, body: "next" });
    expect(
      await send("/api/subscriptions", { headers: { cookie: "authjs.session-token=x" }, body: "{}" }),
    ).toMatchObject({ status: 418 });
  });

  it("gives the endpoint the parsed body and the client's address: the socket's, or the trusted proxy's word", async () => {
    const answer = await send("/echo", {
      headers: { "content-type": "application/json", host: "evil.example" },
      body: '{"a":1}',
    });
    expect(seen).toEqual({ body: { a: 1 }, client: "127.0.0.1", host: "evil.example" });
    expect(answer.status).toBe(207);
    expect(JSON.parse(answer.body)).toEqual({ echoed: { a: 1 } });
    expect(answer.headers).toMatchObject({
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    });
    await send("/echo", { headers: json("203.0.113.7, 10.0.0.2"), body: "{}" });
    expect(seen?.client).toBe("10.0.0.2");
  });

  it("answers refusals in the one error shape: type, JSON, limit, rate, the endpoint's own and its bugs", async () => {
    const errorOf = (answer: { body: string }) => JSON.parse(answer.body).error as { code: string; message: string };
    const before = handled;
    expect(
      errorOf(
        await send("/echo", {
          headers: { "content-type": "text/plain", "x-forwarded-for": "198.51.100.20" },
          body: "{}",
        }),
      ),
    ).toMatchObject({ code: "unsupported_media_type" });
    expect(errorOf(await send("/echo", { headers: json("198.51.100.21"), body: '{"a":' }))).toMatchObject({
      code: "malformed_json",
    });
    expect(errorOf(await send("/echo", { headers: json("198.51.100.26"), body: "  " }))).toMatchObject({
      code: "malformed_json",
    });
    expect(
      errorOf(await send("/echo", { headers: json("198.51.100.22"), body: JSON.stringify({ pad: "x".repeat(100) }) })),
    ).toMatchObject({ code: "payload_too_large" });
    expect(errorOf(await send("/echo", { headers: json("198.51.100.27"), body: '{"fail":7}' }))).toMatchObject({
      code: "invalid_input",
    });
    expect(handled).toBe(before); // none of these reached the endpoint
    const conflict = await send("/echo", { headers: json("198.51.100.23"), body: '{"fail":"domain"}' });
    expect([conflict.status, errorOf(conflict).code, conflict.headers["cache-control"]]).toEqual([
      409,
      "conflict",
      "no-store",
    ]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const bug = await send("/echo", { headers: json("198.51.100.24"), body: '{"fail":"bug"}' });
    errors.mockRestore();
    expect([bug.status, errorOf(bug).code]).toEqual([500, "internal_error"]);
    expect(bug.body).not.toContain("a bug");
    await send("/echo", { headers: json("198.51.100.25"), body: "{}" });
    await send("/echo", { headers: json("198.51.100.25"), body: "{}" });
    const limited = await send("/echo", { headers: json("198.51.100.25"), body: "{}" });
    expect([limited.status, errorOf(limited).code, limited.headers["retry-after"]]).toEqual([
      429,
      "rate_limited",
      expect.stringMatching(/^\d+$/),
    ]);
  });

  it("runs the real subscription and receipt endpoints", async () => {
    const db = getServerContext().sqlite!;
    const vapid = await getServerContext().vapidKeys();
    const created = await send("/api/subscriptions", {
      headers: json("198.51.100.1"),
      body: JSON.stringify(browserSubscription({ vapidPublicKey: vapid.publicKey, topics: [] })),
    });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toEqual({
      subscription: { status: "active", topics: [], pushService: "fcm", createdAt: expect.any(Number) },
    });
    expect(db.select().from(subscriptions).all()).toHaveLength(1);
    const huge = await send("/api/subscriptions", {
      headers: json("198.51.100.2"),
      body: JSON.stringify({ endpoint: "x".repeat(20_000) }),
    });
    expect(huge.status).toBe(413);
    const invalid = await send("/api/subscriptions", {
      headers: json("198.51.100.2"),
      body: JSON.stringify({ endpoint: 42 }),
    });
    expect([invalid.status, JSON.parse(invalid.body).error.code]).toEqual([400, "invalid_input"]);
    const unknown = await send("/api/receipts", {
      headers: json("198.51.100.3"),
      body: JSON.stringify({ token: "A".repeat(43), kind: "shown" }),
    });
    expect([unknown.status, unknown.body, unknown.headers["cache-control"]]).toEqual([202, "", "no-store"]);
  });

  it("answers bodies over the limit with 413 and keeps the connection usable, whether the length was declared or not", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const declared = await send("/api/receipts", {
      agent,
      headers: json("198.51.100.4"),
      body: Buffer.alloc(1_049_013, 0x20),
    });
    expect(declared.status).toBe(413);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const chunked = await send("/api/receipts", {
      agent,
      headers: json("198.51.100.5"),
      chunks: Array(40).fill(chunk),
    });
    expect(chunked.status).toBe(413);
    const next = await send("/api/receipts", {
      agent,
      headers: json("198.51.100.6"),
      body: JSON.stringify({ token: "B".repeat(43), kind: "shown" }),
    });
    expect(next.status).toBe(202);
    expect([chunked.reusedSocket, next.reusedSocket]).toEqual([true, true]);
    agent.destroy();
  });

  it("survives a client that leaves in the middle of its body, without calling the endpoint", async () => {
    const before = handled;
    await new Promise<void>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":',
        );
        setTimeout(() => socket.destroy(), 20);
      });
      socket.on("close", () => resolve());
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(handled).toBe(before);
    expect((await send("/echo", { headers: json("198.51.100.30"), body: "{}" })).status).toBe(207);
  });
});
