// The PostgreSQL rate-limit store (lib/http/rate-limit-postgres.ts): the memory bucket's answers, one budget
// for two "processes" (two pools on one database, as two web servers behind a load balancer), the trim of
// idle rows, and a 429 through the endpoint pipeline.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({ getSessionClaims: async () => null }));

import type { Db } from "@/lib/db/app-db";
import { openPostgres, postgresAppDb, type PgDb } from "@/lib/db/pg-client";
import { answer, type EndpointDefinition, type IncomingRequest } from "@/lib/http/endpoint";
import { rateLimitStoreFor, sharedRateLimiter, registerRateLimitStore } from "@/lib/http/rate-limit";
import { memoryRateLimitStore } from "@/lib/http/rate-limit-memory";
import { NANO, postgresRateLimitStore } from "@/lib/http/rate-limit-postgres";
import type { RateLimitResult, RateLimitStore } from "@/lib/http/rate-limit-store";
import { resetProcessState } from "@/lib/process-state";
import { openTestDatabase, type TestDatabase } from "@/test/support/databases";

let database: TestDatabase;
let otherPool: PgDb;
/** The first "process" and the second, each with its own pool on the same database. */
let one: Db;
let two: Db;

beforeEach(async () => {
  database = await openTestDatabase("postgres");
  otherPool = openPostgres(database.url!, { max: 4 });
  one = database.db;
  two = postgresAppDb(otherPool);
});
afterEach(async () => {
  resetProcessState("rate-limit.");
  await otherPool.$client.end();
  await database.close();
});

const quiet = { trimEveryMs: Infinity };
const rows = async (db: Db) =>
  db.select().from(db.tables.rateLimitBuckets).orderBy(db.tables.rateLimitBuckets.key) as Promise<
    { name: string; key: string; nanotokens: number; updatedAt: number; expiresAt: number }[]
  >;

describe("the PostgreSQL rate-limit store", () => {
  it("allows a burst, refuses with a Retry-After, and refills over time", async () => {
    const store = postgresRateLimitStore(one, quiet);
    const rule = { limit: 3, windowMs: 60_000 };
    const take = (key: string, at: number) => store.take("test", key, rule, at);
    expect([await take("a", 0), await take("a", 0), await take("a", 0)]).toEqual([
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 },
    ]);
    expect(await take("a", 0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(await take("a", 5_000)).toEqual({ ok: false, retryAfterSeconds: 15 });
    expect((await take("b", 0)).ok).toBe(true);
    expect((await take("a", 20_000)).ok).toBe(true);
    expect((await take("a", 20_000)).ok).toBe(false);
  });

  it("answers every check as the memory store does", async () => {
    const pg = postgresRateLimitStore(one, quiet);
    const memory = memoryRateLimitStore();
    const rule = { limit: 5, windowMs: 7_000 };
    const checks: [string, number][] = [];
    // bursts, hammering while refused, pauses shorter and longer than a window, two keys interleaved
    for (let i = 0, at = 0, seed = 7; i < 120; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; // a fixed pseudo-random walk
      at += [0, 0, 0, 0, 130, 700, 1_400, 9_000][seed % 8]!;
      checks.push([seed % 5 === 0 ? "b" : "a", at]);
    }
    const answers: [RateLimitResult, RateLimitResult][] = [];
    for (const [key, at] of checks)
      answers.push([await pg.take("x", key, rule, at), await memory.take("x", key, rule, at)]);
    for (const [fromPg, fromMemory] of answers) expect(fromPg).toEqual(fromMemory);
    expect(answers.filter(([a]) => !a.ok).length).toBeGreaterThan(10);
    expect(new Set(answers.map(([a]) => (a.ok ? a.remaining : -a.retryAfterSeconds))).size).toBeGreaterThan(5);
  });

  it("spends nothing on a refused request and never owes more than one token, however long a client hammers", async () => {
    const store = postgresRateLimitStore(one, quiet);
    const rule = { limit: 2, windowMs: 10_000 };
    await store.take("test", "a", rule, 0);
    await store.take("test", "a", rule, 0);
    for (let at = 0; at < 5_000; at += 100) expect((await store.take("test", "a", rule, at)).ok).toBe(false);
    const [row] = await rows(one);
    expect(row!.nanotokens).toBeGreaterThanOrEqual(-NANO);
    expect(row!.nanotokens).toBeLessThan(0);
    expect(await store.take("test", "a", rule, 5_000)).toEqual({ ok: true, remaining: 0 });
  });

  it("is one budget for two processes: a burst from both never gets past the limit", async () => {
    const stores = [postgresRateLimitStore(one, quiet), postgresRateLimitStore(two, quiet)];
    const rule = { limit: 10, windowMs: 60_000 };
    const burst = (key: string, at: number) =>
      Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.take("burst", key, rule, at)));
    const first = await burst("198.51.100.7", 1_000);
    expect(first.filter((r) => r.ok)).toHaveLength(10);
    expect(first.filter((r) => !r.ok).every((r) => !r.ok && r.retryAfterSeconds === 6)).toBe(true);
    // six seconds later one token is back, for whichever process asks first
    const second = await burst("198.51.100.7", 7_000);
    expect(second.filter((r) => r.ok)).toHaveLength(1);
    // and the parallel burst of a fresh key spread across both is limited alike
    expect((await burst("198.51.100.8", 7_000)).filter((r) => r.ok)).toHaveLength(10);
  });

  it("does not refill twice when a process's clock lags behind another's", async () => {
    const ahead = postgresRateLimitStore(one, quiet);
    const behind = postgresRateLimitStore(two, quiet);
    const rule = { limit: 1, windowMs: 10_000 };
    expect((await ahead.take("clock", "a", rule, 20_000)).ok).toBe(true);
    expect((await behind.take("clock", "a", rule, 15_000)).ok).toBe(false);
    expect((await ahead.take("clock", "a", rule, 25_000)).ok).toBe(false);
    expect((await ahead.take("clock", "a", rule, 30_000)).ok).toBe(true);
  });

  it("trims the rows of buckets that are full again, by itself once a minute of checks", async () => {
    const store = postgresRateLimitStore(one);
    const short = { limit: 2, windowMs: 1_000 };
    const long = { limit: 2, windowMs: 120_000 };
    await store.take("short", "a", short, 0);
    await store.take("long", "a", long, 0);
    await store.take("short", "b", short, 30_000);
    expect(await rows(one)).toHaveLength(3);
    expect(await store.trim(30_000)).toBe(1); // short/a's bucket was full again at 1 s
    expect((await rows(one)).map((r) => `${r.name}/${r.key}`).sort()).toEqual(["long/a", "short/b"]);

    await store.take("long", "c", long, 61_000); // a minute after the first check: trims beside it
    await vi.waitFor(async () =>
      expect((await rows(one)).map((r) => `${r.name}/${r.key}`).sort()).toEqual(["long/a", "long/c"]),
    );
    // a trimmed bucket is a full one
    expect(await store.take("short", "b", short, 61_000)).toEqual({ ok: true, remaining: 1 });
  });

  it("resets one limiter's buckets only", async () => {
    const store = postgresRateLimitStore(one, quiet);
    const rule = { limit: 1, windowMs: 60_000 };
    await store.take("one", "a", rule, 0);
    await store.take("two", "a", rule, 0);
    await store.reset("one");
    expect((await rows(one)).map((r) => r.name)).toEqual(["two"]);
  });

  it("is the store a web process on PostgreSQL gets", async () => {
    const store = rateLimitStoreFor(one);
    await store.take("chosen", "a", { limit: 1, windowMs: 1_000 }, 0);
    expect((await rows(one)).map((r) => r.name)).toEqual(["chosen"]);
  });
});

describe("an endpoint's limiter on the PostgreSQL store", () => {
  let bodiesRead = 0;
  const endpoint: EndpointDefinition = {
    label: "POST /test",
    access: "public",
    limiter: sharedRateLimiter("test-pipeline", { limit: 3, windowMs: 60_000 }),
    body: { text: ["text/plain"], maxBytes: 100 },
    handle: () => ({ status: 204 }),
  };
  const incoming = (client: string): IncomingRequest => ({
    method: "POST",
    url: new URL("http://localhost/test"),
    headers: { get: (name) => (name === "content-type" ? "text/plain" : null) },
    client,
    readBody: async () => (bodiesRead++, ""),
    params: async () => ({}),
    request: null,
  });

  it("answers 429 with Retry-After once two processes together spent the address's budget", async () => {
    const processes: RateLimitStore[] = [postgresRateLimitStore(one, quiet), postgresRateLimitStore(two, quiet)];
    const statuses: number[] = [];
    let last: unknown;
    for (let i = 0; i < 5; i++) {
      registerRateLimitStore(processes[i % 2]!); // the load balancer sends each request to the other server
      last = await answer(endpoint, incoming("203.0.113.5"));
      statuses.push((last as { status: number }).status);
    }
    expect(statuses).toEqual([204, 204, 204, 429, 429]);
    expect(last).toMatchObject({ headers: { "Retry-After": expect.stringMatching(/^\d+$/) } });
    expect(bodiesRead).toBe(3); // a refused request is answered before its body is read
    // another address has its own budget
    expect(await answer(endpoint, incoming("203.0.113.6"))).toMatchObject({ status: 204 });
    expect((await rows(two)).map((r) => `${r.name}/${r.key}`)).toEqual([
      "test-pipeline/203.0.113.5",
      "test-pipeline/203.0.113.6",
    ]);
  });
});
