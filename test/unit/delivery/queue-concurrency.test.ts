// The queue on PostgreSQL with several pools on one database: what separate worker processes on
// separate machines look like to the server. Each pool is a worker; their transactions really interleave.
import { describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { useExtraPools, useTestDb } from "@/test/support/databases";
import { startedCampaignOn } from "@/test/support/engine-queue";
import { campaignRowOn, deliveryCounts, deliveryRow, subscriptionRow } from "@/test/support/queue-reads";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recoverExpiredLeases } from "@/lib/delivery/leases";
import { recordOutcomes } from "@/lib/delivery/record";
import type { Db } from "@/lib/db/app-db";
import { openPostgres } from "@/lib/db/pg-client";
import type { PushOutcome } from "@/lib/push/types";

const t0 = Date.parse("2030-01-01T10:00:00Z");

describe("the delivery queue on postgres, from several pools", () => {
  const test = useTestDb("postgres");
  /** Another worker's pool on the test database. */
  const pool = useExtraPools(test);

  it("never hands one row to two concurrent claims, and together they claim every row", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "a.example": 150, "b.example": 150 } });
    const workers = [db, pool()].flatMap((p, i) => [0, 1].map((j) => ({ db: p, id: `w${i}-${j}` })));
    const owner = new Map<number, string>();
    let duplicates = 0;
    for (let round = 0; round < 100; round++) {
      const claims = await Promise.all(
        workers.map(async (w) => ({
          w,
          claimed: (await claimDeliveries(w.db, { campaignId, workerId: w.id, limit: 7, now: t0, leaseMs: 60_000 }))
            .claimed,
        })),
      );
      for (const { w, claimed } of claims) {
        for (const d of claimed) {
          if (owner.has(d.id)) duplicates++;
          owner.set(d.id, w.id);
        }
      }
      if (claims.every((c) => c.claimed.length === 0)) break;
    }
    expect(duplicates).toBe(0);
    expect(owner.size).toBe(300);
    expect(await deliveryCounts(db, campaignId)).toEqual({ sending: 300 });
    const { deliveries } = db.tables;
    const rows = await db
      .select({ id: deliveries.id, leasedBy: deliveries.leasedBy, attempts: deliveries.attempts })
      .from(deliveries)
      .where(inArray(deliveries.id, [...owner.keys()]));
    expect(rows.every((r) => r.leasedBy === owner.get(r.id) && r.attempts === 1)).toBe(true);
  });

  it("claims past rows another transaction holds, without waiting for it", async () => {
    const { db } = test;
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "a.example": 10 } });
    const { deliveries } = db.tables;
    const all = (await db.select({ id: deliveries.id }).from(deliveries)).map((r) => r.id).sort((a, b) => a - b);
    const holderPool = openPostgres(test.url!, { max: 1 });
    const holder = await holderPool.$client.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM deliveries WHERE id = ANY($1) FOR UPDATE", [all.slice(0, 4)]);
      const claiming = claimDeliveries(db, { campaignId, workerId: "w", limit: 10, now: t0, leaseMs: 60_000 });
      const waited = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 5_000));
      const result = await Promise.race([claiming, waited]);
      expect(result).not.toBe("waited");
      const ids = result === "waited" ? [] : result.claimed.map((d) => d.id);
      expect(ids.sort((a, b) => a - b)).toEqual(all.slice(4));
    } finally {
      await holder.query("ROLLBACK");
      holder.release(true);
      await holderPool.$client.end();
    }
  });

  it("lets a stale record (the lease was lost) change nothing, while the new owner's record counts", async () => {
    const { db } = test;
    const other = pool();
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts: { "a.example": 6 } });
    const lost = (await claimDeliveries(db, { campaignId, workerId: "slow", limit: 6, now: t0, leaseMs: 1_000 }))
      .claimed;
    expect(await recoverExpiredLeases(other, t0 + 1_001)).toBe(6);
    const owned = (
      await claimDeliveries(other, { campaignId, workerId: "new", limit: 6, now: t0 + 1_002, leaseMs: 60_000 })
    ).claimed;
    const gone: PushOutcome = { kind: "expired", statusCode: 410 };
    const accepted: PushOutcome = { kind: "accepted", statusCode: 201 };
    // the slow worker's answers arrive while the new owner records its own: half each, at the same time
    const [stale, fresh] = await Promise.all([
      recordOutcomes(
        db,
        lost.map((delivery) => ({ delivery, outcome: gone })),
        { workerId: "slow", now: t0 + 1_003 },
      ),
      recordOutcomes(
        other,
        owned.slice(0, 3).map((delivery) => ({ delivery, outcome: accepted })),
        {
          workerId: "new",
          now: t0 + 1_003,
        },
      ),
    ]);
    expect(stale.every((r) => r.stale)).toBe(true);
    expect(fresh.every((r) => !r.stale)).toBe(true);
    expect(await deliveryCounts(db, campaignId)).toEqual({ accepted: 3, sending: 3 });
    expect(await campaignRowOn(db, campaignId)).toMatchObject({ acceptedCount: 3, expiredCount: 0, failedCount: 0 });
    const untouched = await deliveryRow(db, owned[5]!.id);
    expect(untouched).toMatchObject({ status: "sending", leasedBy: "new", attempts: 2, leaseUntil: t0 + 61_002 });
    expect((await subscriptionRow(db, lost[5]!.subscriptionId)).status).toBe("active");
  });

  it("keeps the counters equal to the rows after four pools record at once", async () => {
    const { db } = test;
    const hosts = { "a.example": 200, "b.example": 200, "c.example": 100 };
    const { campaignId } = await startedCampaignOn(db, { now: t0, hosts });
    // attempt 1: every kind of answer, retries due at once (random 0); attempt 2: accepted
    const outcomeOf = (d: ClaimedDelivery): PushOutcome => {
      if (d.attempts > 1) return { kind: "accepted", statusCode: 201 };
      const kinds: PushOutcome[] = [
        { kind: "accepted", statusCode: 201 },
        { kind: "retry", statusCode: 500, originThrottled: false, error: "500" },
        { kind: "failed", statusCode: 400, authProblem: false, error: "400" },
        { kind: "expired", statusCode: 410 },
        { kind: "failed", statusCode: 403, authProblem: true, error: "403" },
      ];
      return kinds[d.id % kinds.length]!;
    };
    const work = async (worker: Db, workerId: string) => {
      let batches = 0;
      for (let idle = 0; idle < 3;) {
        const { claimed } = await claimDeliveries(worker, {
          campaignId,
          workerId,
          limit: 25,
          now: t0,
          leaseMs: 60_000,
        });
        if (claimed.length === 0) {
          idle++;
          continue;
        }
        idle = 0;
        const recorded = await recordOutcomes(
          worker,
          claimed.map((delivery) => ({ delivery, outcome: outcomeOf(delivery) })),
          { workerId, now: t0, random: () => 0, authRunLimit: 1_000_000 },
        );
        expect(recorded.some((r) => r.stale)).toBe(false);
        batches++;
      }
      return batches;
    };
    const batches = await Promise.all([db, pool(), pool(), pool()].map((w, i) => work(w, `w${i}`)));
    expect(batches.every((n) => n > 0)).toBe(true);
    const counts = await deliveryCounts(db, campaignId);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(500);
    expect(counts.queued ?? 0).toBe(0);
    expect(await campaignRowOn(db, campaignId)).toMatchObject({
      targetedCount: 500,
      acceptedCount: counts.accepted,
      failedCount: counts.failed,
      expiredCount: counts.expired,
      retryingCount: 0,
    });
    expect(counts).toEqual({ accepted: 200, failed: 200, expired: 100 });
  });
});
