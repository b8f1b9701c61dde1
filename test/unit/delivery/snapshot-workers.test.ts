// Two sender workers (two pools, as two processes have) advancing one campaign's snapshot on PostgreSQL:
// the campaign row's lock makes them take turns, each writing the chunk after the other's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import pg from "pg";
import { compileAudience } from "@/lib/audience/compile";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { queryRows, type Db } from "@/lib/db/app-db";
import { openPostgres, postgresAppDb, type PgDb } from "@/lib/db/pg-client";
import { snapshotChunk, type SnapshotProgress } from "@/lib/delivery/snapshot";
import { useTestDb } from "@/test/support/databases";
import { seedCampaign } from "@/test/support/seeds";
import { campaignOf, deliveriesOf, seedSubscriptions, t0 } from "./snapshot-fixtures";

const options = (chunkSize: number) => ({ resolveAudience: compileAudience, now: t0, chunkSize });

/** Waits until `n` sessions of this database wait for a lock. */
async function lockWaiters(db: Db, n: number): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (Number(row!.n) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${n} sessions waited for a lock`);
}

describe("one campaign's snapshot from two PostgreSQL pools", () => {
  const test = useTestDb("postgres");
  let otherPool: PgDb;
  let other: Db;

  beforeEach(() => {
    otherPool = openPostgres(test.url!, { max: 2 });
    other = postgresAppDb(otherPool);
  });
  afterEach(async () => {
    await otherPool.$client.end();
  });

  async function started(subscriptions: number, sendRatePerMinute?: number) {
    const ids = await seedSubscriptions(test.db, subscriptions, { createdAt: new Date(t0 - 1) });
    const id = await seedCampaign(test.db, { sendRatePerMinute });
    await sendCampaignNow(test.db, id, new Date(t0));
    return { ids, id };
  }

  it("a chunk waiting for the campaign's row writes the next chunk, not the one written meanwhile", async () => {
    const { ids, id } = await started(12);
    // a third session holds the row, so both chunks are waiting at once when it lets go
    const holder = new pg.Client({ connectionString: test.url! });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM campaigns WHERE id = $1 FOR UPDATE", [id]);
      const pair = Promise.all([snapshotChunk(test.db, id, options(5)), snapshotChunk(other, id, options(5))]);
      await lockWaiters(test.db, 2);
      await holder.query("COMMIT");
      expect(await pair).toEqual([
        { inserted: 5, done: false },
        { inserted: 5, done: false },
      ]);
    } finally {
      await holder.end();
    }
    expect((await deliveriesOf(test.db, id)).map((r) => r.subscriptionId)).toEqual(ids.slice(0, 10));
    expect(await campaignOf(test.db, id)).toMatchObject({ targetedCount: 10, snapshotCursor: ids[9] });
  });

  it("racing to the end, they queue every subscriber once, paced without a gap or a double", async () => {
    const { ids, id } = await started(120, 600); // one every 100 ms
    const steps: SnapshotProgress[] = [];
    const worker = async (db: Db) => {
      for (;;) {
        const step = await snapshotChunk(db, id, options(7));
        steps.push(step);
        if (step.done) return;
      }
    };
    await Promise.all([worker(test.db), worker(other), worker(test.db), worker(other)]);
    // no call lost a race: every chunk before the end was a full one, written by whoever held the row
    const written = steps.filter((s) => !s.done).map((s) => s.inserted);
    expect(written.reduce((a, b) => a + b, 0)).toBe(120);
    expect(written.filter((n) => n !== 7)).toEqual([1]);
    const rows = await deliveriesOf(test.db, id);
    expect(rows.map((r) => r.subscriptionId)).toEqual(ids);
    expect(rows.map((r) => r.nextAttemptAt - t0).sort((a, b) => a - b)).toEqual(ids.map((_, n) => n * 100));
    expect(new Set(rows.map((r) => r.receiptToken)).size).toBe(120);
    const campaign = await campaignOf(test.db, id);
    expect(campaign).toMatchObject({ targetedCount: 120, snapshotCursor: ids.at(-1) });
    expect(campaign.snapshotDoneAt?.getTime()).toBe(t0);
  });
});
