// Hostile input against every public endpoint of the running server: the visitor JSON API, the Auth.js
// credentials callback, and the public server actions (owner setup, invitation, password reset, sign-in). Every case
// must get a clear 4xx in the documented shape (never a 5xx); afterwards the server still answers and
// the database is unchanged, row for row. Cases are spread over distinct client addresses so the rate
// limits never stand in for validation.
import { randomBytes } from "node:crypto";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { eq } from "drizzle-orm";
import { createInvitation } from "../../lib/team/invitations";
import { createPasswordReset } from "../../lib/team/password-resets";
import { createUser } from "../../lib/users/mutations";
import { casesFor, type Expectation, type HostileCase } from "./fixtures/hostile-cases";
import { checkAnswer, nextAddress, report, type Tally } from "./fixtures/hostile-check";
import { snapshotTables } from "./fixtures/hostile-db";
import { declareHugeBody, startConnectionCounter, streamBody } from "./fixtures/hostile-http";
import { actionCases, findActionId, sendAction, transportCases, type ActionCase } from "./fixtures/hostile-actions";
import { seedReceiptDelivery, seedTopic } from "./fixtures/hostile-seed";
import { HOSTILE_TOPIC, internalEndpoints, jsonTargets } from "./fixtures/hostile-targets";
import { withAppDb } from "./fixtures/auth";
import { e2eSettings } from "./settings";

test.use({ storageState: { cookies: [], origins: [] } });

const TRAP_PORT = e2eSettings.port + 9;

async function sendJson(
  request: APIRequestContext,
  method: string,
  path: string,
  c: Pick<HostileCase, "body" | "contentType">,
): Promise<{ status: number; text: string }> {
  if (c.contentType === null) {
    // Playwright adds a Content-Type to any body; this one must arrive without one.
    const answer = await streamBody({
      port: e2eSettings.port,
      method,
      path,
      headers: { "x-forwarded-for": nextAddress() },
      prefix: c.body.toString(),
      totalBytes: Buffer.byteLength(c.body),
      chunked: false,
    });
    return { status: answer.status, text: answer.body };
  }
  const response = await request.fetch(path, {
    method,
    headers: { "content-type": c.contentType ?? "application/json", "x-forwarded-for": nextAddress() },
    data: typeof c.body === "string" ? Buffer.from(c.body, "utf8") : c.body,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  return { status: response.status(), text: await response.text() };
}

test.describe("hostile input to every public endpoint", () => {
  test.setTimeout(600_000);

  test("is refused with a clear 4xx, stores nothing, and the server stays up", async ({ request, playwright }) => {
    const vapidPublicKey = ((await (await request.get("/api/vapid-public-key")).json()) as { publicKey: string })
      .publicKey;

    // Data the cases need, written before the snapshot: a topic, a delivery whose receipts were all
    // recorded once (for replays), and a pending invitation (for the acceptance action).
    await seedTopic(HOSTILE_TOPIC);
    const realToken = await seedReceiptDelivery();
    for (const receipt of [
      { kind: "shown" },
      { kind: "clicked" },
      { kind: "closed" },
      { kind: "action", action: "action-1" },
    ]) {
      const response = await request.post("/api/receipts", {
        data: { token: realToken, ...receipt },
        headers: { "x-forwarded-for": nextAddress() },
      });
      expect(response.status()).toBe(202);
    }
    const invitationToken = await withAppDb(
      async (db) =>
        (
          await createInvitation(
            db,
            { email: `hostile-${randomBytes(4).toString("hex")}@example.com`, role: "viewer" },
            null,
          )
        ).token,
    );
    const resetToken = await withAppDb(async (db) => {
      const { users } = db.tables;
      const [owner] = await db.select().from(users).where(eq(users.role, "owner")).limit(1);
      const teammate = await createUser(db, {
        email: `hostile-reset-${randomBytes(4).toString("hex")}@example.com`,
        name: "Reset target",
        role: "viewer",
        passwordHash: "unused",
      });
      return (await createPasswordReset(db, teammate.id, { id: owner!.id, email: owner!.email })).token;
    });
    const trap = await startConnectionCounter(TRAP_PORT);

    const before = await snapshotTables();
    const tally: Tally = { sent: 0, byFamily: {}, problems: [] };

    // 1. The visitor JSON API, table-driven over each schema's fields.
    const forgedToken = randomBytes(18).toString("base64url");
    for (const target of jsonTargets(vapidPublicKey, forgedToken)) {
      for (const c of casesFor(target)) {
        const { status, text } = await sendJson(request, target.method, target.path, c);
        checkAnswer(tally, `${target.name} · ${c.family} · ${c.label}`, c, status, text, c.family);
      }
      // Bodies with no length to trust (chunked, never ending) and lengths that lie.
      const chunked = await streamBody({
        port: e2eSettings.port,
        method: target.method,
        path: target.path,
        headers: { "content-type": "application/json", "x-forwarded-for": nextAddress() },
        prefix: '{"endpoint":"',
        totalBytes: 50 * 1024 * 1024,
        chunked: true,
      });
      checkAnswer(
        tally,
        `${target.name} · chunked 50 MB`,
        { status: [413], code: "payload_too_large" },
        chunked.status,
        chunked.body,
        "over the limit (streamed)",
      );
      expect(chunked.sentBytes, `${target.name} read the whole chunked body`).toBeLessThan(50 * 1024 * 1024);
      const lying = await declareHugeBody({
        port: e2eSettings.port,
        method: target.method,
        path: target.path,
        headers: { "Content-Type": "application/json", "X-Forwarded-For": nextAddress() },
        declaredBytes: 1_000_000_000,
        body: "{",
      });
      checkAnswer(
        tally,
        `${target.name} · Content-Length 1 GB`,
        { status: [413], code: "payload_too_large" },
        lying.status,
        lying.body,
        "over the limit (declared)",
      );
    }

    // 2. Endpoints aimed at our own machine and networks: refused by policy, never connected to.
    const [create, , patch, remove, lookup, testPush] = jsonTargets(vapidPublicKey, forgedToken);
    for (const endpoint of internalEndpoints(e2eSettings.port, TRAP_PORT)) {
      const body = JSON.stringify({ ...create!.base, endpoint });
      const answer = await sendJson(request, "POST", "/api/subscriptions", { body });
      checkAnswer(
        tally,
        `POST /api/subscriptions · internal endpoint ${endpoint}`,
        { status: [400], field: "endpoint" },
        answer.status,
        answer.text,
        "internal endpoint",
      );
      for (const target of [patch!, remove!, lookup!, testPush!]) {
        const proofAnswer = await sendJson(request, target.method, target.path, {
          body: JSON.stringify({ ...target.base, endpoint }),
        });
        checkAnswer(
          tally,
          `${target.name} · internal endpoint ${endpoint}`,
          { status: [400, 404] },
          proofAnswer.status,
          proofAnswer.text,
          "internal endpoint",
        );
      }
    }

    // 3. Receipt tokens: forged (well-formed, unknown), malformed, and replays of a real one.
    for (const kind of ["shown", "clicked", "closed", "action"]) {
      for (const token of [
        forgedToken,
        randomBytes(16).toString("base64url"),
        realToken.toUpperCase() === realToken ? realToken.toLowerCase() : realToken.toUpperCase(),
        `${realToken}A`,
        "_".repeat(16),
        "-".repeat(128),
      ]) {
        const answer = await sendJson(request, "POST", "/api/receipts", {
          body: JSON.stringify({ token, kind, ...(kind === "action" ? { action: "action-1" } : {}) }),
        });
        checkAnswer(
          tally,
          `POST /api/receipts · forged token ${token.slice(0, 12)}… ${kind}`,
          { status: [202] },
          answer.status,
          answer.text,
          "forged receipt token",
        );
      }
      for (let replay = 0; replay < 5; replay++) {
        const answer = await sendJson(request, "POST", "/api/receipts", {
          body: JSON.stringify({ token: realToken, kind, ...(kind === "action" ? { action: "action-1" } : {}) }),
        });
        checkAnswer(
          tally,
          `POST /api/receipts · replayed ${kind} #${replay + 1}`,
          { status: [202] },
          answer.status,
          answer.text,
          "replayed receipt token",
        );
      }
    }
    for (const token of [
      "",
      "short",
      "a".repeat(129),
      `${realToken} `,
      ` ${realToken}`,
      `${realToken}\u0000`,
      `${realToken}=`,
      `${realToken.slice(0, 10)}/${realToken.slice(11)}`,
      "' OR 1=1 --",
      "%",
      "*",
      `${realToken}%00`,
      "\u202E" + realToken,
    ]) {
      const answer = await sendJson(request, "POST", "/api/receipts", {
        body: JSON.stringify({ token, kind: "shown" }),
      });
      checkAnswer(
        tally,
        `POST /api/receipts · malformed token ${JSON.stringify(token).slice(0, 40)}`,
        { status: [400], code: "invalid_input", field: "token" },
        answer.status,
        answer.text,
        "malformed receipt token",
      );
    }

    // 4. The Auth.js credentials callback, with and without a CSRF token.
    await authCases(playwright, tally);

    // 5. Public server actions: owner setup (closed once an owner exists), invitation, sign-in.
    for (const c of actionCases(invitationToken, resetToken)) {
      const actionId = findActionId(c.file, c.exportedName);
      const answer = await sendAction(e2eSettings.port, c.page, actionId, c, nextAddress());
      checkAction(tally, c, answer);
    }

    // Afterwards: no connection reached the trap, no prototype was polluted, the server answers and
    // every table is exactly as it was.
    expect(trap.connections(), "a hostile endpoint was connected to").toBe(0);
    await trap.close();
    const probe = await request.post("/api/subscriptions", { data: {}, headers: { "x-forwarded-for": nextAddress() } });
    expect(probe.status()).toBe(400);
    const probeErrors = ((await probe.json()) as { error: { fieldErrors: Record<string, string[]> } }).error
      .fieldErrors;
    expect(Object.keys(probeErrors)).toEqual(expect.arrayContaining(["endpoint", "keys", "vapidPublicKey"]));
    expect((await request.get("/api/admin/me")).status()).toBe(401);
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    report(tally, "hostile input");
    expect(await snapshotTables()).toEqual(before);
  });
});

function checkAction(tally: Tally, c: ActionCase, answer: { status: number; text: string }) {
  tally.sent += 1;
  tally.byFamily[`action: ${c.family}`] = (tally.byFamily[`action: ${c.family}`] ?? 0) + 1;
  const where = `${c.page} ${c.exportedName} · ${c.family} · ${c.label}`;
  const fail = (why: string) =>
    tally.problems.push(`${where}: ${why} — got ${answer.status} ${answer.text.slice(0, 300).replace(/\s+/g, " ")}`);
  if (answer.status >= 500) return fail("server error");
  if (!c.status.includes(answer.status)) return fail(`expected ${c.status.join(" or ")}`);
  if (c.refusal && !answer.text.includes(c.refusal)) return fail(`expected the refusal ${JSON.stringify(c.refusal)}`);
}

async function authCases(
  playwright: { request: { newContext: (options: object) => Promise<APIRequestContext> } },
  tally: Tally,
) {
  const path = "/api/auth/callback/credentials";
  const owner = e2eSettings.owner.email;
  const context = await playwright.request.newContext({
    baseURL: e2eSettings.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  try {
    const send = async (body: string | Buffer, contentType: string | null, extra: Record<string, string> = {}) => {
      if (contentType === null) {
        const answer = await streamBody({
          port: e2eSettings.port,
          method: "POST",
          path,
          headers: { "x-forwarded-for": nextAddress(), ...extra },
          prefix: body.toString(),
          totalBytes: Buffer.byteLength(body),
          chunked: false,
        });
        return { status: answer.status, text: answer.body };
      }
      const response = await context.post(path, {
        headers: { "content-type": contentType, "x-forwarded-for": nextAddress(), ...extra },
        data: typeof body === "string" ? Buffer.from(body) : body,
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      return { status: response.status(), text: await response.text() };
    };
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const check = (label: string, family: string, expectation: Expectation, answer: { status: number; text: string }) =>
      checkAnswer(
        tally,
        `POST ${path} · ${family} · ${label}`,
        expectation,
        answer.status,
        answer.text,
        `sign-in: ${family}`,
      );
    const csrfRefused: Expectation = { status: [403], code: "csrf_failed" };
    const refused: Expectation = { status: [401], code: "invalid_credentials" };

    // Without a CSRF token (and with forged ones) nothing is even looked at.
    check(
      "no token",
      "no CSRF",
      csrfRefused,
      await send(form({ email: owner, password: e2eSettings.owner.password }), "application/x-www-form-urlencoded"),
    );
    check(
      "forged token",
      "no CSRF",
      csrfRefused,
      await send(
        form({ email: owner, password: "x", csrfToken: randomBytes(32).toString("hex") }),
        "application/x-www-form-urlencoded",
      ),
    );
    check(
      "forged token and cookie",
      "no CSRF",
      csrfRefused,
      await send(
        form({ email: owner, password: "x", csrfToken: "a".repeat(64) }),
        "application/x-www-form-urlencoded",
        { cookie: `authjs.csrf-token=${"a".repeat(64)}%7C${"b".repeat(64)}` },
      ),
    );
    check(
      "JSON, no token",
      "no CSRF",
      csrfRefused,
      await send(JSON.stringify({ email: owner, password: "x" }), "application/json"),
    );
    check(
      "signout without token",
      "no CSRF",
      csrfRefused,
      await context
        .post("/api/auth/signout", { form: { callbackUrl: "/" }, maxRedirects: 0 })
        .then(async (r) => ({ status: r.status(), text: await r.text() })),
    );

    const csrf = ((await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
    const base = { email: owner, password: "x", csrfToken: csrf };

    for (const [label, body] of [
      ["open brace", "{"],
      ["truncated", JSON.stringify(base).slice(0, 20)],
      ["single quotes", "{'email':1}"],
      ["trailing garbage", `${JSON.stringify(base)}x`],
      ["invalid UTF-8", Buffer.from([0xff, 0xfe])],
    ] as const) {
      check(label, "malformed JSON", { status: [400], code: "malformed_json" }, await send(body, "application/json"));
    }
    for (const type of [
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/xml",
      "text/html",
      "application/jsonp",
      null,
    ]) {
      check(
        type ?? "none",
        "content type",
        { status: [415], code: "unsupported_media_type" },
        await send(form(base), type),
      );
    }
    const tooLarge: Expectation = { status: [413], code: "payload_too_large" };
    check(
      "8 KB + 1 form",
      "over the limit",
      tooLarge,
      await send(form({ ...base, password: "x".repeat(8 * 1024) }), "application/x-www-form-urlencoded"),
    );
    check(
      "1 MB JSON",
      "over the limit",
      tooLarge,
      await send(JSON.stringify({ ...base, pad: "x".repeat(1024 * 1024) }), "application/json"),
    );
    check(
      "10,000 nested arrays",
      "deep nesting",
      tooLarge,
      await send(`{"email":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, "application/json"),
    );
    const chunked = await streamBody({
      port: e2eSettings.port,
      method: "POST",
      path,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": nextAddress() },
      prefix: "email=",
      totalBytes: 50 * 1024 * 1024,
      chunked: true,
    });
    check("chunked 50 MB", "over the limit (streamed)", tooLarge, { status: chunked.status, text: chunked.body });
    const lying = await declareHugeBody({
      port: e2eSettings.port,
      method: "POST",
      path,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      declaredBytes: 1_000_000_000,
      body: "email=",
    });
    check("Content-Length 1 GB", "over the limit (declared)", tooLarge, { status: lying.status, text: lying.body });

    // With a valid token: every malformed credential is refused before any lookup, throttle or audit row.
    const json = (value: unknown) => send(JSON.stringify(value), "application/json");
    check(
      "3,000 nested arrays as the email",
      "deep nesting",
      refused,
      await send(
        `{"csrfToken":"${csrf}","password":"x","email":${"[".repeat(3000)}${"]".repeat(3000)}}`,
        "application/json",
      ),
    );
    check(
      "credentials under __proto__",
      "__proto__ keys",
      refused,
      await send(`{"csrfToken":"${csrf}","__proto__":{"email":"${owner}","password":"x"}}`, "application/json"),
    );
    check(
      "credentials under constructor.prototype",
      "__proto__ keys",
      refused,
      await json({ csrfToken: csrf, constructor: { prototype: { email: owner, password: "x" } } }),
    );
    for (const [label, value] of [
      ["null", null],
      ["number", 1],
      ["true", true],
      ["array", [owner]],
      ["object", { $ne: "" }],
      ["empty", ""],
    ] as const) {
      check(`email: ${label}`, "wrong type", refused, await json({ ...base, email: value }));
      check(`password: ${label}`, "wrong type", refused, await json({ ...base, password: value }));
    }
    for (const [label, odd] of [
      ["NUL", "\u0000"],
      ["right-to-left override", "\u202E"],
      ["zero-width space", "\u200B"],
      ["lone surrogate", "\uD800"],
      ["full-width @", "＠"],
      ["markup", "<script>"],
    ] as const) {
      check(`email + ${label}`, "odd Unicode", refused, await json({ ...base, email: `${owner}${odd}` }));
      check(
        `email + ${label} (form)`,
        "odd Unicode",
        refused,
        await send(form({ ...base, email: `${odd}${owner}` }), "application/x-www-form-urlencoded"),
      );
    }
    check(
      "email of 300 characters",
      "huge string",
      refused,
      await send(form({ ...base, email: `${"a".repeat(290)}@example.com` }), "application/x-www-form-urlencoded"),
    );
    check(
      "password of 1,025 characters",
      "huge string",
      refused,
      await send(form({ ...base, password: "p".repeat(1025) }), "application/x-www-form-urlencoded"),
    );
    check(
      "unknown action",
      "odd path",
      { status: [400, 404] },
      await context
        .post("/api/auth/nonsense", { form: { csrfToken: csrf }, maxRedirects: 0 })
        .then(async (r) => ({ status: r.status(), text: await r.text() })),
    );
  } finally {
    await context.dispose();
  }
}

// Next's own server-action decoder answers these with 500 before any of our code runs (a malformed
// reply, a body over its 1 MB limit: next/dist/server/app-render/action-handler.js, "TODO: consider
// checking if the error is an ApiError"); proxy.ts refuses them first (lib/http/action-body.ts).
test("server-action requests Next's decoder cannot read get a 4xx", async () => {
  const tally: Tally = { sent: 0, byFamily: {}, problems: [] };
  for (const c of transportCases())
    checkAction(
      tally,
      c,
      await sendAction(e2eSettings.port, c.page, findActionId(c.file, c.exportedName), c, nextAddress()),
    );
  report(tally, "server-action transport");
});
