import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { startedCampaignOn } from "@/test/support/engine-queue";
import { originRow } from "@/test/support/queue-reads";
import { claimDeliveries } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";
import { clearOriginAuthFlag, listAuthFlaggedOrigins } from "@/lib/delivery/origins";
import { backoffCeilingMs, backoffDelayMs, retryAfterDelayMs } from "@/lib/delivery/backoff";
import type { Db } from "@/lib/db/app-db";
import type { PushOutcome } from "@/lib/push/types";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const hosts = { "a.example": 30, "b.example": 30 };

function claim(db: Db, campaignId: number, now: number, limit = 1000) {
  return claimDeliveries(db, { campaignId, workerId: "w", limit, now, leaseMs: 60_000 });
}

describe.each(ENGINES)("push-service origins on %s", (engine) => {
  const test = useTestDb(engine);

  it("honours Retry-After for the whole origin: its rows are deferred, other origins go on", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts });
    const first = (await claim(db, campaignId, t0, 4)).claimed; // rows are in id order: a.example first
    expect(first.every((d) => d.origin === "https://a.example")).toBe(true);
    const throttled: PushOutcome = {
      kind: "retry",
      statusCode: 429,
      retryAfterMs: 30_000,
      originThrottled: true,
      error: "429",
    };
    await recordOutcomes(
      db,
      first.map((delivery) => ({ delivery, outcome: throttled })),
      { workerId: "w", now: t0, random: () => 0 },
    );
    expect(await originRow(db, "https://a.example")).toMatchObject({
      retryAfterUntil: t0 + 30_000,
      lastStatusCode: 429,
    });
    expect(await originRow(db, "https://b.example")).toBeUndefined(); // healthy origins have no row
    const next = await claim(db, campaignId, t0 + 1);
    expect(next.claimed.map((d) => d.origin)).toEqual(Array(30).fill("https://b.example"));
    expect(next.deferred).toBe(26);
    // deferred rows wait for the window, then come back
    expect((await claim(db, campaignId, t0 + 29_999)).claimed).toEqual([]);
    const resumed = (await claim(db, campaignId, t0 + 30_000)).claimed;
    expect(resumed).toHaveLength(30);
    // a shorter window answered meanwhile never shortens the one in force
    await recordOutcomes(db, [{ delivery: resumed[0]!, outcome: { ...throttled, retryAfterMs: 1_000 } }], {
      workerId: "w",
      now: t0 + 20_000,
      random: () => 0,
    });
    expect(await originRow(db, "https://a.example")).toMatchObject({ retryAfterUntil: t0 + 30_000 });
  });

  it("flags a run of 401/403 from one origin and pauses it for the campaign, not for others", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts });
    const claimed = (await claim(db, campaignId, t0, 25)).claimed;
    const auth: PushOutcome = { kind: "failed", statusCode: 403, authProblem: true, error: "403 BadJwtToken" };
    // a healthy answer in the middle breaks the run
    const outcomes = claimed.map((_, i): PushOutcome => (i === 3 ? { kind: "accepted", statusCode: 201 } : auth));
    await recordOutcomes(
      db,
      claimed.slice(0, 15).map((delivery, i) => ({ delivery, outcome: outcomes[i]! })),
      { workerId: "w", now: t0 },
    );
    expect(await originRow(db, "https://a.example")).toMatchObject({
      consecutiveAuthFailures: 11,
      authFlaggedAt: null,
    });
    await recordOutcomes(
      db,
      claimed.slice(15, 23).map((delivery, i) => ({ delivery, outcome: outcomes[15 + i]! })),
      { workerId: "w", now: t0 + 5 },
    );
    expect(await originRow(db, "https://a.example")).toMatchObject({
      consecutiveAuthFailures: 19,
      authFlaggedAt: null,
    });
    expect(await listAuthFlaggedOrigins(db)).toEqual([]);
    await recordOutcomes(
      db,
      claimed.slice(23).map((delivery) => ({ delivery, outcome: auth })),
      { workerId: "w", now: t0 + 10 },
    );
    expect(await listAuthFlaggedOrigins(db)).toEqual([
      { origin: "https://a.example", authFlaggedAt: t0 + 10, lastStatusCode: 403 },
    ]);
    expect(await originRow(db, "https://a.example")).toMatchObject({ consecutiveAuthFailures: 0 });
    // the campaign stops sending to a.example; b.example goes on
    const after = await claim(db, campaignId, t0 + 11);
    expect(after.claimed.every((d) => d.origin === "https://b.example")).toBe(true);
    expect(after.deferred).toBeGreaterThan(0);
    // a campaign started after the flag tries the origin again
    const later = (await startedCampaignOn(db, { now: t0 + 20, hosts: {} })).campaignId;
    expect((await claim(db, later, t0 + 21)).claimed.some((d) => d.origin === "https://a.example")).toBe(true);
    // clearing the flag lets the first campaign resume once its deferral ends
    expect(await clearOriginAuthFlag(db, "https://a.example", t0 + 30)).toBe(true);
    expect(await clearOriginAuthFlag(db, "https://nowhere.example", t0 + 30)).toBe(false);
    expect(await listAuthFlaggedOrigins(db)).toEqual([]);
    const resumed = await claim(db, campaignId, t0 + 11 + 60_000);
    expect(resumed.claimed.some((d) => d.origin === "https://a.example")).toBe(true);
  });

  it("ends a run with a healthy answer in a later batch, and keeps the last status code", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "a.example": 4 } });
    const [one, two, three] = (await claim(db, campaignId, t0, 3)).claimed;
    const auth: PushOutcome = { kind: "failed", statusCode: 401, authProblem: true, error: "401" };
    await recordOutcomes(db, [{ delivery: one!, outcome: auth }], { workerId: "w", now: t0 });
    expect(await originRow(db, "https://a.example")).toMatchObject({ consecutiveAuthFailures: 1, lastStatusCode: 401 });
    // an answer without a status code (a reset connection) leaves the code as it was
    const reset: PushOutcome = { kind: "retry", originThrottled: false, error: "ECONNRESET" };
    await recordOutcomes(db, [{ delivery: two!, outcome: reset }], { workerId: "w", now: t0 + 1 });
    expect(await originRow(db, "https://a.example")).toMatchObject({ consecutiveAuthFailures: 0, lastStatusCode: 401 });
    await recordOutcomes(db, [{ delivery: three!, outcome: auth }], { workerId: "w", now: t0 + 2 });
    const accepted: PushOutcome = { kind: "accepted", statusCode: 201 };
    const [four] = (await claim(db, campaignId, t0 + 3, 1)).claimed;
    await recordOutcomes(db, [{ delivery: four!, outcome: accepted }], { workerId: "w", now: t0 + 4 });
    expect(await originRow(db, "https://a.example")).toMatchObject({
      consecutiveAuthFailures: 0,
      lastStatusCode: 201,
      updatedAt: t0 + 4,
    });
  });
});

describe("backoff", () => {
  it("keeps backoff within its exponential, capped bounds", () => {
    const options = { baseMs: 1_000, capMs: 20_000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffCeilingMs(n, options))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000,
    ]);
    expect(backoffCeilingMs(0, options)).toBe(1_000);
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(backoffDelayMs(attempt, () => 0, options)).toBe(0);
      expect(backoffDelayMs(attempt, () => 0.999999999, options)).toBe(backoffCeilingMs(attempt, options));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(attempt, Math.random, options);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(backoffCeilingMs(attempt, options));
      }
    }
    expect(retryAfterDelayMs(10_000, () => 0)).toBe(10_000);
    expect(retryAfterDelayMs(10_000, () => 0.99)).toBeLessThanOrEqual(11_000);
    expect(retryAfterDelayMs(-5, () => 0)).toBe(0);
  });
});
