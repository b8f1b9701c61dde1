// /api/v1's subscription, user, topic and segment operations as a back-end calls them, on whichever
// database the test file pointed lib/env.mjs at: the JSON shapes, cursor pages, filters, a user's
// devices, the data-deletion request, and the ugly inputs (each a clear 4xx that changes nothing).
import { afterAll, beforeAll, expect, it } from "vitest";
import * as subscriptionRoute from "@/app/api/v1/subscriptions/[id]/route";
import * as userOfSubscription from "@/app/api/v1/subscriptions/[id]/user/route";
import * as subscriptionsRoute from "@/app/api/v1/subscriptions/route";
import * as topicsRoute from "@/app/api/v1/topics/route";
import * as segmentsRoute from "@/app/api/v1/segments/route";
import * as userRoute from "@/app/api/v1/users/[externalId]/route";
import { createApiKey } from "@/lib/api-keys/manage";
import { resetProcessState } from "@/lib/process-state";
import { getServerContext, initServerContext } from "@/lib/server-context";
import { snapshotTables } from "@/test/support/db-snapshot";
import { seedCampaign, seedDelivery, seedSubscription, seedTopic } from "@/test/support/seeds";
import { callApi, codeOf, type ApiCall } from "./api-v1-calls";

const READ_WRITE = ["subscriptions:read", "subscriptions:write"] as const;
const LAPTOP = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABlaptop-capability-token-0123456789";
// what a refused request may still write: the key's last use and, on PostgreSQL, its rate-limit bucket
const REQUEST_WRITES = ["api_keys", "rate_limit_buckets"];

export function defineApiSubscriptionsSuite(cleanUp: () => Promise<void>) {
  let key = "";
  let topic = { news: 0, deals: 0 };
  const ids: number[] = [];

  beforeAll(async () => {
    resetProcessState();
    const { appDb: db } = await initServerContext();
    key = (
      await createApiKey(
        db,
        { name: "back-end", scopes: [...READ_WRITE], rateLimitPerSecond: 10_000 },
        null,
        new Date(),
      )
    ).secret;
    topic = {
      news: await seedTopic(db, { slug: "news", name: "News" }),
      deals: await seedTopic(db, { slug: "deals", name: "Deals" }),
    };
    // user-42 has a phone and a laptop; a third device is someone else's; a fourth unsubscribed
    ids.push(await seedSubscription(db, { externalId: "user-42", topicIds: [topic.news] }));
    ids.push(
      await seedSubscription(db, {
        externalId: "user-42",
        pushService: "mozilla",
        endpoint: LAPTOP,
      }),
    );
    ids.push(await seedSubscription(db, { externalId: "user-7", topicIds: [topic.deals] }));
    ids.push(await seedSubscription(db, { status: "unsubscribed" }));
    const campaign = await seedCampaign(db);
    await seedDelivery(db, { campaignId: campaign, subscriptionId: ids[0]! });
    await seedDelivery(db, { campaignId: campaign, subscriptionId: ids[1]! });
  });

  afterAll(async () => {
    await getServerContext().close();
    await cleanUp();
  });

  definePerKeyLimitCase();

  const get = (handler: typeof subscriptionsRoute.GET, call: ApiCall = {}) => callApi(handler, "GET", { key, ...call });

  it("lists active subscriptions newest first, a page at a time, with an opaque cursor", async () => {
    const first = await get(subscriptionsRoute.GET, { query: "limit=2" });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const data = first.json!.data as { id: number; endpoint: string; topics: string[]; externalId: string | null }[];
    expect(data.map((row) => row.id)).toEqual([ids[2], ids[1]]);
    expect(typeof first.json!.nextCursor).toBe("string");
    const second = await get(subscriptionsRoute.GET, { query: `limit=2&cursor=${first.json!.nextCursor as string}` });
    expect((second.json!.data as { id: number }[]).map((row) => row.id)).toEqual([ids[0]]);
    expect(second.json!.nextCursor).toBeNull();
    // the endpoint is shortened and no key material is in the answer
    const text = JSON.stringify([first.json, second.json]);
    expect(text).not.toContain(LAPTOP);
    expect(text).not.toContain("capability-token");
    expect(text).not.toMatch(/p256dh|"auth"/);
  });

  it("filters by status, topic slug, push service and user", async () => {
    const ofIds = async (query: string) =>
      ((await get(subscriptionsRoute.GET, { query })).json!.data as { id: number }[]).map((row) => row.id);
    expect(await ofIds("status=all")).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect(await ofIds("status=unsubscribed")).toEqual([ids[3]]);
    expect(await ofIds("topic=deals")).toEqual([ids[2]]);
    expect(await ofIds("pushService=mozilla")).toEqual([ids[1]]);
    expect(await ofIds("user=user-42")).toEqual([ids[1], ids[0]]);
  });

  it.each([
    ["cursor=bm9wZQ", "cursor"],
    ["cursor=%00%01", "cursor"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["status=gone", "status"],
    ["pushService=aol", "pushService"],
    ["user=", "user"],
    [`user=${"x".repeat(129)}`, "user"],
    ["sort=id", ""],
  ])("refuses the query %s with a 400 naming the field", async (query, field) => {
    const answer = await get(subscriptionsRoute.GET, { query });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("invalid_input");
    if (field) expect(Object.keys((answer.json!.error as { fieldErrors: object }).fieldErrors)).toContain(field);
  });

  it("refuses an unknown topic slug in the filter", async () => {
    const answer = await get(subscriptionsRoute.GET, { query: "topic=nope" });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("unknown_topics");
  });

  it("gets one subscription, and 404s an unknown or malformed id", async () => {
    const one = await get(subscriptionRoute.GET, { params: { id: String(ids[0]) } });
    expect(one.json).toMatchObject({ id: ids[0], topics: ["news"], externalId: "user-42", status: "active" });
    for (const id of ["999999", "abc", "-1", "1e3", "99999999999999999999"]) {
      const answer = await get(subscriptionRoute.GET, { params: { id } });
      expect(answer.status, id).toBe(404);
      expect(codeOf(answer)).toBe("not_found");
    }
  });

  it("PATCH replaces topics and sets the user; PUT …/user links and unlinks", async () => {
    const patched = await callApi(subscriptionRoute.PATCH, "PATCH", {
      key,
      params: { id: String(ids[2]) },
      body: { topics: ["news", "deals"], externalId: "user-8" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ topics: ["news", "deals"], externalId: "user-8" });
    const unlinked = await callApi(userOfSubscription.PUT, "PUT", {
      key,
      params: { id: String(ids[2]) },
      body: { externalId: null },
    });
    expect(unlinked.json).toMatchObject({ externalId: null, topics: ["news", "deals"] });
    const linked = await callApi(userOfSubscription.PUT, "PUT", {
      key,
      params: { id: String(ids[2]) },
      body: { externalId: "user-7" },
    });
    expect(linked.json).toMatchObject({ externalId: "user-7" });
  });

  it.each([
    ["malformed JSON", "{ topics: [", "malformed_json", 400],
    ["an empty patch", {}, "invalid_input", 400],
    ["unknown fields", { topics: [], admin: true }, "invalid_input", 400],
    ["wrong types", { topics: "news" }, "invalid_input", 400],
    ["an unknown topic", { topics: ["nope"] }, "unknown_topics", 400],
    ["a control character in the user id", { externalId: "user\u0000" }, "invalid_input", 400],
    ["a user id of 129 characters", { externalId: "u".repeat(129) }, "invalid_input", 400],
    ["a body over the limit", { topics: ["news"], pad: "x".repeat(20_000) }, "payload_too_large", 413],
  ])("PATCH refuses %s and changes nothing", async (_, body, code, status) => {
    const db = getServerContext().appDb;
    const before = await snapshotTables(db, REQUEST_WRITES);
    const answer = await callApi(subscriptionRoute.PATCH, "PATCH", { key, params: { id: String(ids[0]) }, body });
    expect(answer.status).toBe(status);
    expect(codeOf(answer)).toBe(code);
    expect(await snapshotTables(db, REQUEST_WRITES)).toBe(before);
  });

  it("refuses a body that is not JSON", async () => {
    const answer = await callApi(subscriptionRoute.PATCH, "PATCH", {
      key,
      params: { id: String(ids[0]) },
      body: "topics=news",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(415);
  });

  it("lists a user's devices, every status, and an unknown user as none", async () => {
    const user = await get(userRoute.GET, { params: { externalId: "user-42" } });
    expect(user.json!.externalId).toBe("user-42");
    expect((user.json!.subscriptions as { id: number }[]).map((row) => row.id)).toEqual([ids[1], ids[0]]);
    const nobody = await get(userRoute.GET, { params: { externalId: "nobody" } });
    expect(nobody.json).toEqual({ externalId: "nobody", subscriptions: [] });
    const bad = await get(userRoute.GET, { params: { externalId: "x".repeat(129) } });
    expect(bad.status).toBe(404);
  });

  it("lists topics and segments", async () => {
    const topics = await get(topicsRoute.GET);
    expect((topics.json!.data as { slug: string }[]).map((row) => row.slug)).toEqual(
      expect.arrayContaining(["news", "deals"]),
    );
    const segments = await get(segmentsRoute.GET);
    expect(segments.json).toEqual({ data: [], nextCursor: null });
  });

  it("DELETE /users/{externalId} removes the user's devices and their delivery history, audited", async () => {
    const db = getServerContext().appDb;
    const answer = await callApi(userRoute.DELETE, "DELETE", { key, params: { externalId: "user-42" } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ deleted: { subscriptions: 2, deliveries: 2 } });
    expect((await get(userRoute.GET, { params: { externalId: "user-42" } })).json!.subscriptions).toEqual([]);
    const { auditLog } = db.tables;
    const audits = await db.select().from(auditLog);
    const entry = audits.find((row) => row.action === "user_data.delete");
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain("user-42");
  });

  it("DELETE /subscriptions/{id} deletes one for good, audited with the key", async () => {
    const answer = await callApi(subscriptionRoute.DELETE, "DELETE", { key, params: { id: String(ids[3]) } });
    expect(answer.status).toBe(204);
    expect((await get(subscriptionRoute.GET, { params: { id: String(ids[3]) } })).status).toBe(404);
    const again = await callApi(subscriptionRoute.DELETE, "DELETE", { key, params: { id: String(ids[3]) } });
    expect(again.status).toBe(404);
  });

  it("a session cookie opens nothing: only the key does", async () => {
    const answer = await callApi(subscriptionsRoute.GET, "GET", {
      headers: { cookie: "authjs.session-token=forged" },
    });
    expect(answer.status).toBe(401);
    for (const authorization of ["Bearer", "Bearer  ", `Bearer ${key} extra`, `bearer ${key.slice(0, -1)}`, "pb_x"]) {
      const forged = await callApi(subscriptionsRoute.GET, "GET", { headers: { authorization } });
      expect(forged.status, authorization).toBe(401);
    }
  });
}

export function definePerKeyLimitCase() {
  it("each key has its own budget: over it, 429 with Retry-After; another key is not affected", async () => {
    const db = getServerContext().appDb;
    const make = async (name: string) =>
      (await createApiKey(db, { name, scopes: ["subscriptions:read"], rateLimitPerSecond: 2 }, null, new Date()))
        .secret;
    const [slow, other] = [await make("slow"), await make("other")];
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(topicsRoute.GET, "GET", { key: slow })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await callApi(topicsRoute.GET, "GET", { key: slow });
    expect(codeOf(refused)).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await callApi(topicsRoute.GET, "GET", { key: other })).status).toBe(200);
  });
}
