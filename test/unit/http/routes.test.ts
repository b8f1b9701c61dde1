// The visitor route handlers called directly with Request objects: the ugly inputs must get a clear
// 4xx in the stable error shape and write nothing.
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-routes-")), "test.db");
});

// Auth.js cannot load outside Next; the session reader is the one seam replaced: it answers
// "nobody signed in" (a visitor) unless a case names a user id.
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

import { subscriptions, optinEvents, users } from "@/lib/db/schema";
import { getServerContext } from "@/lib/server-context";
import { POST, PATCH, DELETE } from "@/app/api/subscriptions/route";
import { POST as LOOKUP } from "@/app/api/subscriptions/lookup/route";
import { POST as RECEIPT } from "@/app/api/receipts/route";
import { POST as OPTIN } from "@/app/api/optin-events/route";
import { resetProcessState } from "@/lib/process-state";
import { getIdentitySecret } from "@/lib/identity/secret";
import { identitySignature } from "@/lib/identity/signature";
import { fromPeer } from "@/test/support/peer";
import { browserSubscription, seedTopics } from "../subscriptions/helpers";

const URL_BASE = "http://localhost:3000";
let address = 0;

function request(pathname: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${URL_BASE}${pathname}`, {
    method,
    headers: fromPeer(`10.0.0.${address}`, { "content-type": "application/json", ...headers }),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response) {
  const json = (await response.json()) as {
    error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
  };
  expect(typeof json.error.message).toBe("string");
  return json.error;
}

function stored() {
  return getServerContext().sqlite!.select().from(subscriptions).all();
}

function validBody(overrides = {}) {
  return browserSubscription({
    vapidPublicKey: ensureVapidKeysSync(getServerContext().sqlite!).publicKey,
    ...overrides,
  });
}

beforeAll(() => seedTopics(getServerContext().sqlite!));
beforeEach(() => {
  address += 1; // a fresh client address per case, so rate limits do not leak between cases
  resetProcessState("rate-limit.");
  getServerContext().sqlite!.delete(subscriptions).run();
});

describe("POST /api/subscriptions", () => {
  it("creates (201) then refreshes (200) and returns a DTO without keys or endpoint", async () => {
    const body = validBody({ topics: ["news", "offers"] });
    const created = await POST(
      request("/api/subscriptions", "POST", body, {
        "user-agent": "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
      }),
    );
    expect(created.status).toBe(201);
    const json = await created.json();
    expect(json).toEqual({
      subscription: { status: "active", topics: ["news", "offers"], pushService: "fcm", createdAt: expect.any(Number) },
    });
    expect(JSON.stringify(json)).not.toContain(body.keys.auth);
    expect(stored()[0]).toMatchObject({ browser: "firefox", platform: "android" });
    expect((await POST(request("/api/subscriptions", "POST", body))).status).toBe(200);
    expect(stored()).toHaveLength(1);
  });

  it("links the subscription to a signed-in admin who still exists, and ignores a stale session", async () => {
    const db = getServerContext().sqlite!;
    const admin = db
      .insert(users)
      .values({ email: `admin${address}@example.com`, passwordHash: "x", role: "editor" })
      .returning()
      .get();
    const cookie = { cookie: "theme=dark; authjs.session-token=eyJ" };
    session.userId = 999_999;
    await POST(request("/api/subscriptions", "POST", validBody(), cookie));
    session.userId = admin.id;
    await POST(request("/api/subscriptions", "POST", validBody(), cookie));
    await POST(request("/api/subscriptions", "POST", validBody(), { cookie: "__Secure-authjs.session-token.0=eyJ" }));
    // without the session cookie the session is not even read: a visitor's request stays anonymous
    await POST(request("/api/subscriptions", "POST", validBody(), { cookie: "theme=dark" }));
    await POST(request("/api/subscriptions", "POST", validBody()));
    session.userId = null;
    expect(stored().map((row) => row.userId)).toEqual([null, admin.id, admin.id, null, null]);
  });

  it.each([
    ["malformed JSON", '{"endpoint": ', {}, 400, "malformed_json"],
    ["empty body", "", {}, 400, "malformed_json"],
    [
      "wrong content type",
      "endpoint=x",
      { "content-type": "application/x-www-form-urlencoded" },
      415,
      "unsupported_media_type",
    ],
    ["no content type", "{}", { "content-type": "" }, 415, "unsupported_media_type"],
    ["a JSON array", "[]", {}, 400, "invalid_input"],
    [
      "wrong types",
      JSON.stringify({ endpoint: 42, keys: "nope", topics: "news", vapidPublicKey: null }),
      {},
      400,
      "invalid_input",
    ],
  ])("%s → %i", async (_label, body, headers, status, code) => {
    const response = await POST(request("/api/subscriptions", "POST", body, headers as Record<string, string>));
    expect(response.status).toBe(status);
    expect((await errorOf(response)).code).toBe(code);
    expect(stored()).toHaveLength(0);
  });

  it("names each bad field", async () => {
    const response = await POST(
      request("/api/subscriptions", "POST", { ...validBody(), expirationTime: "soon", topics: ["Bad Slug"] }),
    );
    const error = await errorOf(response);
    expect(error.fieldErrors).toHaveProperty("expirationTime");
    expect(error.fieldErrors).toHaveProperty("topics");
  });

  it("refuses a body over 8 KB with 413, by Content-Length and by counting a stream", async () => {
    const huge = JSON.stringify({ ...validBody(), language: "x".repeat(9000) });
    const declared = await POST(request("/api/subscriptions", "POST", huge));
    expect(declared.status).toBe(413);
    const streamed = new Request(`${URL_BASE}/api/subscriptions`, {
      method: "POST",
      headers: fromPeer(`10.0.0.${address}`, { "content-type": "application/json" }),
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    const counted = await POST(streamed);
    expect(counted.status).toBe(413);
    expect((await errorOf(counted)).code).toBe("payload_too_large");
    expect(stored()).toHaveLength(0);
  });

  it("refuses unknown topics, hostile endpoints, off-curve keys and another VAPID key", async () => {
    const unknown = await POST(request("/api/subscriptions", "POST", validBody({ topics: ["news", "ghost"] })));
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatchObject({
      code: "unknown_topics",
      fieldErrors: { topics: [expect.stringContaining("ghost")] },
    });

    const hostile = await POST(
      request("/api/subscriptions", "POST", validBody({ endpoint: "https://fcm.googleapis.com.evil.example/x" })),
    );
    expect(hostile.status).toBe(400);
    expect((await errorOf(hostile)).code).toBe("endpoint_refused");

    const body = validBody();
    const point = Buffer.from(body.keys.p256dh, "base64url");
    point[40] = point[40]! ^ 0xff;
    const offCurve = await POST(
      request("/api/subscriptions", "POST", { ...body, keys: { ...body.keys, p256dh: point.toString("base64url") } }),
    );
    expect(offCurve.status).toBe(400);
    expect((await errorOf(offCurve)).code).toBe("invalid_keys");

    const otherKey = await POST(
      request("/api/subscriptions", "POST", validBody({ vapidPublicKey: `B${"x".repeat(86)}` })),
    );
    expect(otherKey.status).toBe(409);
    expect((await errorOf(otherKey)).code).toBe("vapid_key_mismatch");
    expect(stored()).toHaveLength(0);
  });

  it("stores a signed user id; one without the other is 400, a wrong signature 403, and neither writes", async () => {
    const secret = await getIdentitySecret(getServerContext().appDb);
    const unpaired = await POST(request("/api/subscriptions", "POST", validBody({ externalId: "user-42" })));
    expect(unpaired.status).toBe(400);
    expect(await errorOf(unpaired)).toMatchObject({
      code: "invalid_input",
      fieldErrors: { externalIdSignature: [expect.stringMatching(/both, or neither/)] },
    });
    const forged = await POST(
      request(
        "/api/subscriptions",
        "POST",
        validBody({ externalId: "user-42", externalIdSignature: identitySignature(secret, "user-43") }),
      ),
    );
    expect(forged.status).toBe(403);
    expect(await errorOf(forged)).toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/does not match/),
    });
    expect(stored()).toHaveLength(0);
    const signed = await POST(
      request(
        "/api/subscriptions",
        "POST",
        validBody({ externalId: "user-42", externalIdSignature: identitySignature(secret, "user-42") }),
      ),
    );
    expect(signed.status).toBe(201);
    expect(stored().map((row) => row.externalId)).toEqual(["user-42"]);
  });

  it("rate-limits per client address with 429 and Retry-After", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await POST(request("/api/subscriptions", "POST", "{"));
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(last!)).code).toBe("rate_limited");
    // another address is unaffected
    address += 1;
    expect((await POST(request("/api/subscriptions", "POST", "{"))).status).toBe(400);
  });
});

describe("PATCH, DELETE and lookup need the auth secret", () => {
  it("changes topics, reads them back and unsubscribes only with proof", async () => {
    const body = validBody({ topics: ["news"] });
    await POST(request("/api/subscriptions", "POST", body));
    const proof = { endpoint: body.endpoint, auth: body.keys.auth };
    const stranger = { endpoint: body.endpoint, auth: browserSubscription().keys.auth };

    const denied = await PATCH(request("/api/subscriptions", "PATCH", { ...stranger, topics: [] }));
    expect(denied.status).toBe(404);
    expect((await errorOf(denied)).code).toBe("not_found");

    const patched = await PATCH(request("/api/subscriptions", "PATCH", { ...proof, topics: ["status"] }));
    expect(patched.status).toBe(200);
    expect((await patched.json()).subscription.topics).toEqual(["status"]);
    expect(
      (await (await LOOKUP(request("/api/subscriptions/lookup", "POST", proof))).json()).subscription.topics,
    ).toEqual(["status"]);
    expect((await LOOKUP(request("/api/subscriptions/lookup", "POST", stranger))).status).toBe(404);

    expect((await DELETE(request("/api/subscriptions", "DELETE", stranger))).status).toBe(404);
    expect(stored()[0]!.status).toBe("active");
    expect((await DELETE(request("/api/subscriptions", "DELETE", proof))).status).toBe(204);
    expect(stored()[0]).toMatchObject({ status: "unsubscribed", p256dh: null, auth: null });
  });
});

describe("an unsubscribed endpoint stays unsubscribed", () => {
  it("answers a re-post with other keys 410 gone, in the error shape, and writes nothing", async () => {
    const body = validBody({ topics: ["news"] });
    await POST(request("/api/subscriptions", "POST", body));
    expect(
      (await DELETE(request("/api/subscriptions", "DELETE", { endpoint: body.endpoint, auth: body.keys.auth }))).status,
    ).toBe(204);
    const before = stored();
    const respelled = body.endpoint.replace("https://fcm.googleapis.com/", "HTTPS://FCM.GoogleAPIs.com.:443/");
    for (const endpoint of [body.endpoint, respelled]) {
      const again = await POST(request("/api/subscriptions", "POST", validBody({ endpoint, topics: ["offers"] })));
      expect(again.status).toBe(410);
      expect((await errorOf(again)).code).toBe("gone");
    }
    expect(stored()).toEqual(before);
  });
});

describe("POST /api/receipts and /api/optin-events", () => {
  it("answers an unknown token exactly like a known one, and refuses malformed receipts", async () => {
    const unknown = await RECEIPT(
      request("/api/receipts", "POST", { token: "nobody_has_this_token_0000", kind: "shown" }),
    );
    expect(unknown.status).toBe(202);
    expect(await unknown.text()).toBe("");
    const bad = await RECEIPT(request("/api/receipts", "POST", { token: "short", kind: "exploded" }));
    expect(bad.status).toBe(400);
    expect(Object.keys((await errorOf(bad)).fieldErrors ?? {})).toEqual(expect.arrayContaining(["token", "kind"]));
    expect((await RECEIPT(request("/api/receipts", "POST", "not json"))).status).toBe(400);
  });

  it("counts a valid funnel event and refuses anything else", async () => {
    expect((await OPTIN(request("/api/optin-events", "POST", { event: "prompt_seen" }))).status).toBe(204);
    expect((await OPTIN(request("/api/optin-events", "POST", { event: "hacked" }))).status).toBe(400);
    expect(
      (await OPTIN(request("/api/optin-events", "POST", { event: "granted", padding: "x".repeat(500) }))).status,
    ).toBe(413);
    const rows = getServerContext().sqlite!.select().from(optinEvents).all();
    expect(rows).toEqual([{ day: expect.any(String), event: "prompt_seen", count: 1 }]);
  });
});
