// Retention beside other writers of the same database: two trims that overlap (two sender processes on
// any machines) remove and count every row once; on PostgreSQL a receipt recorded for a delivery the
// batch is deleting goes with it and is counted (the batch locks its deliveries before it deletes), and a
// throttle row a sign-in is updating is not taken for forgotten.
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/lib/db/app-db";
import { trimHistory } from "@/lib/retention/trim";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";
import { DAY, rowsOf, sentCampaign, sharedDatabase, type SharedDatabase } from "./fixtures";

const now = Date.parse("2030-06-01T12:00:00Z");

describe.each(ENGINES)("overlapping trims on %s", (engine) => {
  const test = useTestDb(engine);
  let shared: SharedDatabase | null = null;
  afterEach(async () => {
    await shared?.close();
    shared = null;
  });

  it("remove and count every delivery and receipt once between them", async () => {
    shared = sharedDatabase(engine, test.url);
    const [first, second] = [shared.open(), shared.open()];
    for (const [days, count] of [
      [120, 23],
      [100, 17],
      [95, 9],
    ] as const)
      await sentCampaign(first, now - days * DAY, count);
    const before = await rowsOf(first);

    const trim = (db: Db) => trimHistory(db, { now: new Date(now), retentionDays: 90, batchSize: 4 });
    const reports = await Promise.all([trim(first), trim(second)]);
    expect(reports[0]!.deliveries + reports[1]!.deliveries).toBe(before.deliveries);
    expect(reports[0]!.receipts + reports[1]!.receipts).toBe(before.receipts);
    // a trim that found its batch taken by the other stops early; the next period's run takes the rest
    const again = await trim(first);
    expect(again.deliveries + reports[0]!.deliveries + reports[1]!.deliveries).toBe(before.deliveries);
    expect(await rowsOf(first)).toEqual({ deliveries: 0, receipts: 0 });
  });

  it.runIf(engine === "postgres")(
    "deletes and counts a receipt whose transaction held the delivery when the batch began",
    async () => {
      const db = test.db;
      const finished = new Date(now - 120 * DAY);
      const campaignId = await seedCampaign(db, { status: "sent", completedAt: finished, updatedAt: finished });
      const deliveryId = await seedDelivery(db, {
        campaignId,
        subscriptionId: await seedSubscription(db),
        status: "accepted",
      });
      // the receipts endpoint's transaction (lib/receipts/record-postgres.ts) between its lock and its commit
      const receipt = new pg.Client({ connectionString: test.url! });
      await receipt.connect();
      try {
        await receipt.query("BEGIN");
        await receipt.query("SELECT id FROM deliveries WHERE id = $1 FOR NO KEY UPDATE", [deliveryId]);
        await receipt.query(
          "INSERT INTO receipts (delivery_id, campaign_id, kind, created_at) VALUES ($1, $2, 'shown', $3)",
          [deliveryId, campaignId, now],
        );
        const trimmed = trimHistory(db, { now: new Date(now), retentionDays: 90 });
        await waitForLockWait(db);
        await receipt.query("COMMIT");
        expect(await trimmed).toMatchObject({ deliveries: 1, receipts: 1 });
      } finally {
        await receipt.end();
      }
      expect(await rowsOf(db, campaignId)).toEqual({ deliveries: 0, receipts: 0 });
    },
  );

  it.runIf(engine === "postgres")("keeps a forgotten throttle row a sign-in is failing on right now", async () => {
    const db = test.db;
    const { authThrottle } = db.tables;
    await db
      .insert(authThrottle)
      .values({ key: "ip:returning", failures: 3, lastFailureAt: new Date(now - 2 * 3_600_000) });
    // the sign-in throttle's transaction (lib/auth/throttle.ts) counting a new failure, not yet committed
    const signIn = new pg.Client({ connectionString: test.url! });
    await signIn.connect();
    try {
      await signIn.query("BEGIN");
      await signIn.query("UPDATE auth_throttle SET failures = failures + 1, last_failure_at = $1 WHERE key = $2", [
        new Date(now),
        "ip:returning",
      ]);
      const trimmed = trimHistory(db, { now: new Date(now), retentionDays: 0 });
      await Promise.race([trimmed, waitForLockWait(db)]);
      await signIn.query("COMMIT");
      expect((await trimmed).throttleRows).toBe(0);
    } finally {
      await signIn.end();
    }
    const [row] = await db.select().from(authThrottle);
    expect(row).toMatchObject({ key: "ip:returning", failures: 4, lastFailureAt: new Date(now) });
  });
});

/** Until some session of this database waits for a row lock. */
async function waitForLockWait(db: Db): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (Number(row!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the trim never waited for the receipt's lock");
}
