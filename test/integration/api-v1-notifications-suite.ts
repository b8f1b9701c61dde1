// POST/GET /api/v1/notifications and cancel, as a back-end calls them, on whichever database the test
// file pointed lib/env.mjs at: a send to a user's devices, the 202 answer, Idempotency-Key replays
// (also for parallel duplicates), the list and one notification, cancelling, and the ugly inputs.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/v1/notifications/[id]/cancel/route";
import * as notificationRoute from "@/app/api/v1/notifications/[id]/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import { createApiKey } from "@/lib/api-keys/manage";
import { resetProcessState } from "@/lib/process-state";
import { getServerContext, initServerContext } from "@/lib/server-context";
import type { Db } from "@/lib/db/app-db";
import { snapshotTables } from "@/test/support/db-snapshot";
import { seedSubscription } from "@/test/support/seeds";
import { callApi, codeOf, type ApiCall } from "./api-v1-calls";

const SCOPES = ["notifications:send", "notifications:read"] as const;
const REQUEST_WRITES = ["api_keys", "rate_limit_buckets"];
const shipped = { users: ["user-42"], title: "Your order shipped", body: "It arrives on Thursday." };

/**
 * The tables once they stop changing: a send's deliveries are queued in the background after its 202
 * (POST /api/v1/notifications), so an earlier test's may still be landing when a refusal is checked.
 */
async function settledTables(db: Db): Promise<string> {
  let last = await snapshotTables(db, REQUEST_WRITES);
  for (let round = 0; round < 40; round++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await snapshotTables(db, REQUEST_WRITES);
    if (next === last) return next;
    last = next;
  }
  throw new Error("the tables kept changing for 2 s");
}

export function defineApiNotificationsSuite(cleanUp: () => Promise<void>) {
  let key = "";
  let otherKey = "";

  beforeAll(async () => {
    resetProcessState();
    const { appDb: db } = await initServerContext();
    const make = async (name: string) =>
      (await createApiKey(db, { name, scopes: [...SCOPES], rateLimitPerSecond: 10_000 }, null, new Date())).secret;
    key = await make("shop back-end");
    otherKey = await make("cron");
    await seedSubscription(db, { externalId: "user-42" });
    await seedSubscription(db, { externalId: "user-42", pushService: "mozilla" });
    await seedSubscription(db, { externalId: "user-42", status: "expired" });
    await seedSubscription(db, { externalId: "user-7" });
  });

  afterAll(async () => {
    await getServerContext().close();
    await cleanUp();
  });

  const send = (body: unknown, call: ApiCall = {}) =>
    callApi(notificationsRoute.POST, "POST", { key, body, path: "/api/v1/notifications", ...call });
  const campaignCount = async () =>
    (await getServerContext().appDb.select().from(getServerContext().appDb.tables.campaigns)).length;

  it("sends to a user's active devices: 202 with the id and how many it targets", async () => {
    const answer = await send(shipped);
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ id: expect.any(Number), status: "sending", targeted: 2, sendAt: null });
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const db = getServerContext().appDb;
    const { campaigns } = db.tables;
    const rows = await db.select().from(campaigns);
    const row = rows.find((campaign) => campaign.id === (answer.json!.id as number))!;
    expect(row).toMatchObject({ source: "api", title: shipped.title, priority: 1 });
  });

  it("a user without devices is 202 with targeted 0, not an error", async () => {
    const answer = await send({ ...shipped, users: ["nobody"] });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ targeted: 0 });
  });

  it("schedules with sendAt, lists it, shows it and cancels it", async () => {
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await send({ ...shipped, sendAt });
    expect(scheduled.status).toBe(202);
    expect(scheduled.json).toMatchObject({ status: "scheduled", sendAt });
    const id = String(scheduled.json!.id);
    const shown = await callApi(notificationRoute.GET, "GET", { key, params: { id } });
    expect(shown.json).toMatchObject({ id: Number(id), status: "scheduled", source: "api", counters: { targeted: 0 } });
    const page = await callApi(notificationsRoute.GET, "GET", { key, query: "limit=1" });
    expect((page.json!.data as { id: number }[]).map((row) => row.id)).toEqual([Number(id)]);
    const next = await callApi(notificationsRoute.GET, "GET", {
      key,
      query: `limit=1&cursor=${page.json!.nextCursor as string}`,
    });
    expect((next.json!.data as { id: number }[])[0]!.id).toBeLessThan(Number(id));
    const cancelled = await callApi(cancelRoute.POST, "POST", { key, params: { id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: "cancelled" });
    const again = await callApi(cancelRoute.POST, "POST", { key, params: { id } });
    expect(again.status).toBe(409);
    expect((await callApi(cancelRoute.POST, "POST", { key, params: { id: "999999" } })).status).toBe(404);
    expect((await callApi(notificationRoute.GET, "GET", { key, params: { id: "999999" } })).status).toBe(404);
    expect((await callApi(notificationsRoute.GET, "GET", { key, query: "cursor=bogus" })).status).toBe(400);
  });

  it("replays the first answer for the same Idempotency-Key and body, and refuses another body with 422", async () => {
    const headers = { "idempotency-key": "order-1001-shipped" };
    const first = await send(shipped, { headers });
    const before = await campaignCount();
    const replay = await send(shipped, { headers });
    expect(replay.status).toBe(202);
    expect(replay.json).toEqual(first.json);
    expect(first.headers.get("idempotent-replayed")).toBe("false");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const other = await send({ ...shipped, title: "Something else" }, { headers });
    expect(other.status).toBe(422);
    expect(codeOf(other)).toBe("idempotency_key_reused");
    // keys are per API key: another key may use the same Idempotency-Key for its own send
    const elsewhere = await send(shipped, { headers, key: otherKey });
    expect(elsewhere.json!.id).not.toBe(first.json!.id);
    expect(await campaignCount()).toBe(before + 1);
  });

  it("parallel duplicates send exactly once", async () => {
    const before = await campaignCount();
    const headers = { "idempotency-key": `parallel-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(shipped, { headers })));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([202]));
    expect(new Set(answers.map((answer) => answer.json!.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    expect(await campaignCount()).toBe(before + 1);
  });

  it.each([
    ["no target", { title: "t", body: "b" }, "invalid_input", 400],
    ["two targets", { ...shipped, all: true }, "invalid_input", 400],
    ["10,001 users", { ...shipped, users: Array.from({ length: 10_001 }, (_, i) => `u${i}`) }, "invalid_input", 400],
    ["a sendAt in the past", { ...shipped, sendAt: "2020-01-01T00:00:00Z" }, "invalid_input", 400],
    ["a javascript: click URL", { ...shipped, clickUrl: "javascript:alert(1)" }, "invalid_input", 400],
    ["a payload over 3,993 bytes", { ...shipped, data: { blob: "x".repeat(4_000) } }, "invalid_input", 400],
    ["data that is not an object", { ...shipped, data: [1, 2] }, "invalid_input", 400],
    ["wrong types", { ...shipped, ttl: "soon" }, "invalid_input", 400],
    ["unknown fields", { ...shipped, priority: "max" }, "invalid_input", 400],
    ["an unknown segment", { title: "t", body: "b", segment: 999 }, "invalid_input", 400],
    ["an unknown topic", { title: "t", body: "b", topics: { include: ["nope"] } }, "unknown_topics", 400],
    ["malformed JSON", '{"title": "t",', "malformed_json", 400],
    ["a body over 2 MB", { ...shipped, users: ["x".repeat(2 * 1024 * 1024)] }, "payload_too_large", 413],
  ])("refuses %s and sends nothing", async (_, body, code, status) => {
    const db = getServerContext().appDb;
    const before = await settledTables(db);
    const answer = await send(body);
    expect(answer.status).toBe(status);
    expect(codeOf(answer)).toBe(code);
    expect(await snapshotTables(db, REQUEST_WRITES)).toBe(before);
  });

  it.each([
    ["an empty Idempotency-Key", ""],
    ["one of 256 characters", "k".repeat(256)],
    ["one with non-ASCII", "café"],
  ])("refuses %s and sends nothing", async (_, value) => {
    const before = await campaignCount();
    const answer = await send(shipped, { headers: { "idempotency-key": value } });
    expect(answer.status).toBe(400);
    expect(await campaignCount()).toBe(before);
  });
}
