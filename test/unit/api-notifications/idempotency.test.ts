import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { ENGINES, useExtraPools, useTestDb } from "@/test/support/databases";
import { seedSubscription } from "@/test/support/seeds";
import type { Db } from "@/lib/db/app-db";
import {
  IDEMPOTENCY_WINDOW_MS,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
  requestHashOf,
  withIdempotency,
} from "@/lib/api-notifications/idempotency";
import { apiNotificationSchema } from "@/lib/api-notifications/schema";
import { createApiNotification } from "@/lib/api-notifications/create";
import { trimHistory } from "@/lib/retention/trim";
import { DomainError } from "@/lib/errors/domain-error";
import { NOW, SITE, seedApiKey } from "./fixtures";

const BODY = JSON.stringify({ title: "Your order shipped", users: ["alice"] });
const HASH = requestHashOf("POST", "/api/v1/notifications", BODY);

/** What the route will do: parse, send, answer 201 with the created notification. */
const send = (apiKey: { id: number; name: string }) => async (tx: Db) => {
  const input = apiNotificationSchema(NOW).parse(JSON.parse(BODY));
  return { status: 201, body: await createApiNotification(tx, input, apiKey, NOW, SITE) };
};

async function campaignCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(db.tables.campaigns);
  return Number(row!.n);
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("requestHashOf", () => {
  it("differs by method, path and body, and not by the method's case", () => {
    expect(requestHashOf("post", "/a", "{}")).toBe(requestHashOf("POST", "/a", "{}"));
    expect(requestHashOf("POST", "/a", "{}")).not.toBe(requestHashOf("PUT", "/a", "{}"));
    expect(requestHashOf("POST", "/a", "{}")).not.toBe(requestHashOf("POST", "/b", "{}"));
    expect(requestHashOf("POST", "/a", "{}")).not.toBe(requestHashOf("POST", "/a", "{ }"));
    expect(HASH).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each(ENGINES)("withIdempotency on %s", (engine) => {
  const test = useTestDb(engine);
  const extraPool = useExtraPools(test);

  it("refuses a key of 256 characters, an empty one and one with non-ASCII or control characters (400)", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    let runs = 0;
    const run = async () => ({ status: 201, body: { n: ++runs } });
    for (const key of ["k".repeat(256), "", "clé-1", "line\nbreak", "tab\there", "emoji-🚀"]) {
      const error = await rejection(withIdempotency(db, { apiKeyId: apiKey.id, key, requestHash: HASH }, NOW, run));
      expect(error, JSON.stringify(key)).toBeInstanceOf(InvalidIdempotencyKeyError);
      expect((error as DomainError).status).toBe(400);
      expect((error as DomainError).fieldErrors).toHaveProperty("Idempotency-Key");
    }
    expect(runs).toBe(0);
    const ok = await withIdempotency(
      db,
      { apiKeyId: apiKey.id, key: "~ ".repeat(127) + "!", requestHash: HASH },
      NOW,
      run,
    );
    expect(ok).toEqual({ status: 201, body: { n: 1 }, replayed: false });
  });

  it("replays the first answer for the same request, refuses another request with 422, and sends once", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    await seedSubscription(db, { externalId: "alice" });
    const request = { apiKeyId: apiKey.id, key: "order-12-shipped", requestHash: HASH };
    const first = await withIdempotency(db, request, NOW, send(apiKey));
    expect(first).toMatchObject({ status: 201, replayed: false, body: { status: "sending", targeted: 1 } });
    const later = new Date(NOW.getTime() + IDEMPOTENCY_WINDOW_MS - 1);
    const again = await withIdempotency(db, request, later, send(apiKey));
    expect(again.replayed).toBe(true);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(JSON.parse(JSON.stringify(first.body)));

    const other = { ...request, requestHash: requestHashOf("POST", "/api/v1/notifications", "{}") };
    const error = await rejection(withIdempotency(db, other, later, send(apiKey)));
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect((error as DomainError).status).toBe(422);
    expect(await campaignCount(db)).toBe(1);

    // the same key of another API key is another request altogether
    const otherKey = await seedApiKey(db, "other");
    const theirs = await withIdempotency(db, { ...request, apiKeyId: otherKey.id }, later, send(otherKey));
    expect(theirs.replayed).toBe(false);
    expect(await campaignCount(db)).toBe(2);
  });

  it("after 24 hours the key is free again: the old answer is deleted and the request runs", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    const request = { apiKeyId: apiKey.id, key: "k1", requestHash: HASH };
    let runs = 0;
    const run = async () => ({ status: 201, body: { run: ++runs } });
    await withIdempotency(db, request, NOW, run);
    const expired = new Date(NOW.getTime() + IDEMPOTENCY_WINDOW_MS + 1);
    const other = { ...request, requestHash: "another request" };
    expect(await withIdempotency(db, other, expired, run)).toEqual({ status: 201, body: { run: 2 }, replayed: false });
    const { idempotencyKeys } = db.tables;
    const rows = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, apiKey.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requestHash: "another request", status: 201, createdAt: expired });
  });

  it("a refusal thrown by the work stores nothing: the retry runs again", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    const request = { apiKeyId: apiKey.id, key: "k2", requestHash: HASH };
    const failing = async () => {
      throw new DomainError("invalid_input", "no");
    };
    expect(await rejection(withIdempotency(db, request, NOW, failing))).toBeInstanceOf(DomainError);
    const done = await withIdempotency(db, request, NOW, async () => ({ status: 202, body: null }));
    expect(done).toEqual({ status: 202, body: null, replayed: false });
    expect((await withIdempotency(db, request, NOW, failing)).replayed).toBe(true);
  });

  it("ten parallel duplicates make exactly one campaign; the other nine replay its answer", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    await seedSubscription(db, { externalId: "alice" });
    const request = { apiKeyId: apiKey.id, key: "parallel", requestHash: HASH };
    // PostgreSQL: separate pools, as ten web servers would hold; SQLite: concurrent calls on the one connection
    const dbs = Array.from({ length: 10 }, () => (engine === "postgres" ? extraPool() : db));
    const answers = await Promise.all(dbs.map((each) => withIdempotency(each, request, NOW, send(apiKey))));
    expect(await campaignCount(db)).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    const ids = new Set(answers.map((a) => (a.body as { id: number }).id));
    expect(ids.size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
  });

  it("retention trims answers older than 24 hours and keeps the others", async () => {
    const { db } = test;
    const apiKey = await seedApiKey(db);
    const run = async () => ({ status: 201, body: {} });
    const old = new Date(NOW.getTime() - IDEMPOTENCY_WINDOW_MS - 1_000);
    await withIdempotency(db, { apiKeyId: apiKey.id, key: "old-1", requestHash: HASH }, old, run);
    await withIdempotency(db, { apiKeyId: apiKey.id, key: "old-2", requestHash: HASH }, old, run);
    await withIdempotency(db, { apiKeyId: apiKey.id, key: "fresh", requestHash: HASH }, NOW, run);
    const report = await trimHistory(db, { now: NOW, retentionDays: 0, batchSize: 1 });
    expect(report.idempotencyRows).toBe(2);
    const { idempotencyKeys } = db.tables;
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left).toEqual([{ key: "fresh" }]);
  });
});
