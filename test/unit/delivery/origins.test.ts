import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { startedCampaign } from "@/test/support/engine-queue";
import { claimDeliveries } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";
import { clearOriginAuthFlag, listAuthFlaggedOrigins } from "@/lib/delivery/origins";
import { backoffCeilingMs, backoffDelayMs, retryAfterDelayMs } from "@/lib/delivery/backoff";
import type { Db } from "@/lib/db/client";
import type { PushOutcome } from "@/lib/push/types";

const t0 = Date.parse("2030-01-01T10:00:00Z");
const hosts = { "a.example": 30, "b.example": 30 };

function origin(db: Db, name: string) {
  return db.$client.prepare(`SELECT * FROM push_origins WHERE origin = ?`).get(name) as
    Record<string, number | null> | undefined;
}
function claim(db: Db, campaignId: number, now: number, limit = 1000) {
  return claimDeliveries(db, { campaignId, workerId: "w", limit, now, leaseMs: 60_000 });
}

describe("push-service origins", () => {
  it("honours Retry-After for the whole origin: its rows are deferred, other origins go on", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts });
    const first = claim(db, campaignId, t0, 4).claimed; // rows are in id order: a.example first
    expect(first.every((d) => d.origin === "https://a.example")).toBe(true);
    recordOutcomes(
      db,
      first.map((delivery) => ({
        delivery,
        outcome: {
          kind: "retry",
          statusCode: 429,
          retryAfterMs: 30_000,
          originThrottled: true,
          error: "429",
        } as PushOutcome,
      })),
      { workerId: "w", now: t0, random: () => 0 },
    );
    expect(origin(db, "https://a.example")).toMatchObject({ retry_after_until: t0 + 30_000, last_status_code: 429 });
    const next = claim(db, campaignId, t0 + 1);
    expect(next.claimed.map((d) => d.origin)).toEqual(Array(30).fill("https://b.example"));
    expect(next.deferred).toBe(26);
    // deferred rows wait for the window, then come back
    expect(claim(db, campaignId, t0 + 29_999).claimed).toEqual([]);
    expect(claim(db, campaignId, t0 + 30_000).claimed).toHaveLength(30);
  });

  it("flags a run of 401/403 from one origin and pauses it for the campaign, not for others", () => {
    const db = createTestDb();
    const { campaignId } = startedCampaign(db, { now: t0, hosts });
    const claimed = claim(db, campaignId, t0, 25).claimed;
    const auth: PushOutcome = { kind: "failed", statusCode: 403, authProblem: true, error: "403 BadJwtToken" };
    // a healthy answer in the middle breaks the run
    const outcomes = claimed.map((_, i): PushOutcome => (i === 3 ? { kind: "accepted", statusCode: 201 } : auth));
    recordOutcomes(
      db,
      claimed.slice(0, 15).map((delivery, i) => ({ delivery, outcome: outcomes[i]! })),
      { workerId: "w", now: t0 },
    );
    expect(origin(db, "https://a.example")).toMatchObject({ consecutive_auth_failures: 11, auth_flagged_at: null });
    recordOutcomes(
      db,
      claimed.slice(15, 23).map((delivery, i) => ({ delivery, outcome: outcomes[15 + i]! })),
      { workerId: "w", now: t0 + 5 },
    );
    expect(origin(db, "https://a.example")).toMatchObject({ consecutive_auth_failures: 19, auth_flagged_at: null });
    expect(listAuthFlaggedOrigins(db)).toEqual([]);
    recordOutcomes(
      db,
      claimed.slice(23).map((delivery) => ({ delivery, outcome: auth })),
      { workerId: "w", now: t0 + 10 },
    );
    expect(listAuthFlaggedOrigins(db)).toEqual([
      { origin: "https://a.example", authFlaggedAt: t0 + 10, lastStatusCode: 403 },
    ]);
    expect(origin(db, "https://a.example")).toMatchObject({ consecutive_auth_failures: 0 });
    // the campaign stops sending to a.example; b.example goes on
    const after = claim(db, campaignId, t0 + 11);
    expect(after.claimed.every((d) => d.origin === "https://b.example")).toBe(true);
    expect(after.deferred).toBeGreaterThan(0);
    // a campaign started after the flag tries the origin again
    const later = startedCampaign(db, { now: t0 + 20, hosts: {} }).campaignId;
    expect(claim(db, later, t0 + 21).claimed.some((d) => d.origin === "https://a.example")).toBe(true);
    // clearing the flag lets the first campaign resume once its deferral ends
    expect(clearOriginAuthFlag(db, "https://a.example", t0 + 30)).toBe(true);
    expect(claim(db, campaignId, t0 + 11 + 60_000).claimed.some((d) => d.origin === "https://a.example")).toBe(true);
  });

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
