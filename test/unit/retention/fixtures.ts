// What the retention tests stand on, on either engine: finished campaigns with their per-delivery history
// (seeded as the sender and the receipts endpoint leave it: counters matching the rows), and one database
// reached by several connections or processes, as several sender processes reach it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import type { Db, Engine } from "@/lib/db/app-db";
import { migrateDatabase, openDatabase } from "@/lib/db/client";
import { openPostgres, postgresAppDb } from "@/lib/db/pg-client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { seedCampaign, seedDelivery, seedReceipt, seedSubscription } from "@/test/support/seeds";

export const DAY = 86_400_000;

/**
 * A campaign sent to `count` fresh subscribers at `at` and finished 10 ms later: every fifth delivery
 * failed, the rest accepted, the first half of the accepted shown and every third of those clicked.
 * "cancelled": only the first half was sent, the rest is cancelled; "sending": sent, not finished yet.
 */
export async function sentCampaign(
  db: Db,
  at: number,
  count: number,
  finish: "sent" | "cancelled" | "sending" = "sent",
): Promise<number> {
  const sent = finish === "cancelled" ? Math.floor(count / 2) : count;
  const outcomes = Array.from({ length: count }, (_, i) =>
    i >= sent ? ("cancelled" as const) : i % 5 === 4 ? ("failed" as const) : ("accepted" as const),
  );
  const accepted = outcomes.filter((o) => o === "accepted").length;
  const shown = Math.ceil(accepted / 2);
  const clicked = Math.ceil(shown / 3);
  const finished = finish === "sending" ? null : new Date(at + 10);
  const campaignId = await seedCampaign(db, {
    status: finish,
    startedAt: new Date(at),
    snapshotDoneAt: new Date(at),
    completedAt: finished,
    updatedAt: finished ?? new Date(at),
    targetedCount: count,
    acceptedCount: accepted,
    failedCount: outcomes.filter((o) => o === "failed").length,
    shownCount: shown,
    clickedCount: clicked,
  });
  let acceptedSoFar = 0;
  for (const outcome of outcomes) {
    const subscriptionId = await seedSubscription(db, { createdAt: new Date(at - 1) });
    const deliveryId = await seedDelivery(db, {
      campaignId,
      subscriptionId,
      status: outcome,
      attempts: outcome === "cancelled" ? 0 : 1,
      statusCode: outcome === "accepted" ? 201 : outcome === "failed" ? 400 : null,
      createdAt: at,
      updatedAt: at + 1,
      acceptedAt: outcome === "accepted" ? at + 1 : null,
    });
    if (outcome !== "accepted" || acceptedSoFar >= shown) continue;
    await seedReceipt(db, { campaignId, deliveryId, kind: "shown", createdAt: at + 2 });
    if (acceptedSoFar % 3 === 0) await seedReceipt(db, { campaignId, deliveryId, kind: "clicked", createdAt: at + 3 });
    acceptedSoFar++;
  }
  return campaignId;
}

async function countOf(db: Db, table: "deliveries" | "receipts", campaignId?: number): Promise<number> {
  const t = db.tables[table];
  const [row] = await db
    .select({ n: count() })
    .from(t)
    .where(campaignId === undefined ? undefined : eq(t.campaignId, campaignId));
  return Number(row!.n);
}

/** The per-delivery rows of one campaign, or of all. */
export async function rowsOf(db: Db, campaignId?: number) {
  return {
    deliveries: await countOf(db, "deliveries", campaignId),
    receipts: await countOf(db, "receipts", campaignId),
  };
}

export async function campaignRowOf(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}

export type SharedDatabase = {
  /** Another connection (SQLite) or pool (PostgreSQL) on the same database, closed by close(). */
  open(): Db;
  /** How test/support/retention-process.ts finds the same database. */
  processEnv: Record<string, string>;
  close(): Promise<void>;
};

/**
 * One migrated database several connections reach: on SQLite a file of its own (the test's in-memory
 * database has no second connection), on PostgreSQL the test's database at `url` (useTestDb).
 */
export function sharedDatabase(engine: Engine, url: string | null): SharedDatabase {
  const closers: (() => Promise<void>)[] = [];
  if (engine === "postgres") {
    return {
      open() {
        const pool = openPostgres(url!, { max: 2 });
        closers.push(() => pool.$client.end());
        return postgresAppDb(pool);
      },
      processEnv: { RETENTION_TEST_POSTGRES_URL: url! },
      close: async () => void (await Promise.all(closers.map((close) => close()))),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "pushboard-retention-"));
  const file = path.join(dir, "app.db");
  const first = openDatabase(file);
  migrateDatabase(first);
  first.$client.close();
  return {
    open() {
      const sqlite = openDatabase(file);
      closers.push(async () => void sqlite.$client.close());
      return sqliteAppDb(sqlite);
    },
    processEnv: { DATABASE_PATH: file },
    async close() {
      await Promise.all(closers.map((close) => close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
