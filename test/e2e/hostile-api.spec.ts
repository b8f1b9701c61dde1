// Hostile input against every /api/v1 operation of the running server, with a real key of every scope:
// the JSON bodies table-driven over each schema's fields (hostile-cases.ts), chunked and lying bodies,
// hostile ids, user ids and query strings, and forged Authorization headers. Every case must get a clear
// 4xx in the error shape (never a 5xx); afterwards the server still answers and nothing was stored
// (the key's last use and the refusals' audit entries are the writes these requests make by design).
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createApiKey } from "../../lib/api-keys/manage";
import { API_SCOPES } from "../../lib/api-keys/scopes";
import { withAppDb } from "./fixtures/auth";
import { apiJsonTargets, apiUrlCases } from "./fixtures/hostile-api-targets";
import { casesFor, type HostileCase } from "./fixtures/hostile-cases";
import { checkAnswer, nextAddress, report, type Tally } from "./fixtures/hostile-check";
import { snapshotTables } from "./fixtures/hostile-db";
import { declareHugeBody, streamBody } from "./fixtures/hostile-http";
import { seedTopic } from "./fixtures/hostile-seed";
import { e2eSettings } from "./settings";

test.use({ storageState: { cookies: [], origins: [] } });

const WRITTEN_BY_DESIGN = ["api_keys", "audit_log"];

async function send(
  request: APIRequestContext,
  key: string,
  method: string,
  path: string,
  c: Pick<HostileCase, "body" | "contentType"> | null,
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "x-forwarded-for": nextAddress() };
  if (c?.contentType === null) {
    const answer = await streamBody({
      port: e2eSettings.port,
      method,
      path,
      headers,
      prefix: c.body.toString(),
      totalBytes: Buffer.byteLength(c.body),
      chunked: false,
    });
    return { status: answer.status, text: answer.body };
  }
  if (c) headers["content-type"] = c.contentType ?? "application/json";
  const response = await request.fetch(path, {
    method,
    headers,
    ...(c ? { data: typeof c.body === "string" ? Buffer.from(c.body, "utf8") : c.body } : {}),
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  return { status: response.status(), text: await response.text() };
}

test("hostile input to /api/v1 is refused with a clear 4xx, stores nothing, and the server stays up", async ({
  request,
}) => {
  test.setTimeout(300_000);
  await seedTopic("hostile-news");
  const key = await withAppDb(
    async (db) =>
      (
        await createApiKey(
          db,
          { name: `hostile ${randomBytes(3).toString("hex")}`, scopes: [...API_SCOPES], rateLimitPerSecond: 10_000 },
          null,
          new Date(),
        )
      ).secret,
  );
  const before = await snapshotTables(WRITTEN_BY_DESIGN);
  const tally: Tally = { sent: 0, byFamily: {}, problems: [] };

  for (const target of apiJsonTargets()) {
    for (const c of casesFor(target)) {
      const { status, text } = await send(request, key, target.method, target.path, c);
      // The generator names the field a token schema would refuse; the API's text fields take any Unicode
      // (as the composer does) and its base body is refused by the domain anyway (hostile-api-targets.ts),
      // so here each case must be a 4xx in the error shape that stores nothing, whichever field is named.
      // The field-by-field answers are the schema's unit tests (test/unit/api-notifications/schema.test.ts).
      const anyRefusal = { status: [...new Set([...c.status, 400, 404, 413, 415])] };
      checkAnswer(tally, `${target.name} · ${c.family} · ${c.label}`, anyRefusal, status, text, c.family);
    }
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const chunked = await streamBody({
      port: e2eSettings.port,
      method: target.method,
      path: target.path,
      headers: { ...headers, "x-forwarded-for": nextAddress() },
      prefix: '{"title":"',
      totalBytes: 50 * 1024 * 1024,
      chunked: true,
    });
    const tooLarge = { status: [413], code: "payload_too_large" };
    checkAnswer(tally, `${target.name} · chunked 50 MB`, tooLarge, chunked.status, chunked.body, "streamed");
    expect(chunked.sentBytes, `${target.name} read the whole chunked body`).toBeLessThan(50 * 1024 * 1024);
    const lying = await declareHugeBody({
      port: e2eSettings.port,
      method: target.method,
      path: target.path,
      headers: { ...headers, "X-Forwarded-For": nextAddress() },
      declaredBytes: 1_000_000_000,
      body: "{",
    });
    checkAnswer(tally, `${target.name} · Content-Length 1 GB`, tooLarge, lying.status, lying.body, "declared");
  }

  for (const { label, method, path } of apiUrlCases()) {
    const { status, text } = await send(request, key, method, path, null);
    checkAnswer(tally, label, { status: [400, 404] }, status, text, "hostile url");
  }

  // forged and broken credentials, on every operation: 401 with the error shape, whatever else is wrong
  const forgeries = [
    "",
    "Bearer",
    "Bearer ",
    `Bearer ${key} ${key}`,
    `Basic ${Buffer.from(`user:${key}`).toString("base64")}`,
    `Bearer ${key.slice(0, -1)}`,
    `Bearer ${key}\u0000`,
    `Bearer pb_${"A".repeat(43)}`,
    `Bearer ${"x".repeat(8_000)}`,
  ];
  for (const authorization of forgeries) {
    for (const [method, path] of [
      ["POST", "/api/v1/notifications"],
      ["GET", "/api/v1/subscriptions"],
      ["DELETE", "/api/v1/users/someone"],
    ] as const) {
      const response = await request
        .fetch(path, {
          method,
          headers: { authorization, "x-forwarded-for": nextAddress(), "content-type": "application/json" },
          ...(method === "GET" ? {} : { data: '{"all":true,"title":"forged"}' }),
          failOnStatusCode: false,
        })
        .catch(() => null); // a header Node refuses to send (NUL) never reaches the server: nothing to check
      if (!response) continue;
      checkAnswer(
        tally,
        `${method} ${path} · forged Authorization ${authorization.slice(0, 20)}`,
        // an 8 KB header may be cut by the server's header limit (431) before the door sees it
        { status: [401, 431], code: response.status() === 431 ? undefined : "unauthenticated" },
        response.status(),
        response.status() === 431 ? '{"error":{"code":"x","message":"x"}}' : await response.text(),
        "forged authorization",
      );
    }
  }

  report(tally, "hostile /api/v1");
  expect((await request.get("/api/health")).ok()).toBe(true);
  expect(await snapshotTables(WRITTEN_BY_DESIGN)).toEqual(before);
});
