// The PostgreSQL server goes away in the middle of a campaign (a crash, a fail-over, a restart) and comes
// back: the worker process says so once, stops claiming, keeps the answers it already has, and resumes
// when the database is back — every subscriber gets the message exactly once and the counters add up.
// Its own throwaway cluster: the run's shared one must not go down under other tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/app-db";
import { openConfiguredDatabase, type OpenedDatabase } from "@/lib/db/open";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { startPostgresCluster, type PostgresCluster } from "@/test/support/postgres-cluster";
import { seedCampaign } from "@/test/support/seeds";
import { ensureTestTls } from "@/test/support/tls";
import { startStrictPushService, type StrictPushService } from "@/test/support/strict-push-service";
import { spawnWorker, stopProcess, storeStrictSubscriptionsIn, waitFor } from "@/test/support/engine-strict";

const SUBSCRIBERS = 400;

describe("a PostgreSQL outage during a send", () => {
  let cluster: PostgresCluster;
  let service: StrictPushService;
  let opened: OpenedDatabase;

  beforeAll(async () => {
    // durable, like a production server: the crash below keeps every committed transaction
    cluster = await startPostgresCluster({ durable: true });
    service = await startStrictPushService();
    opened = await openConfiguredDatabase(
      { DATABASE_URL: cluster.url, DATABASE_PATH: "unused" },
      { pool: 2, onIdleError: () => {} },
    );
  }, 60_000);
  afterAll(async () => {
    await opened?.close().catch(() => {});
    await service?.close();
    cluster?.stop();
  });

  /** Retries while the server is starting again: the test's own pool lost its connections too. */
  async function statusOf(campaignId: number): Promise<string | null> {
    try {
      const [row] = await queryRows<{ status: string }>(
        opened.db,
        sql`SELECT status FROM campaigns WHERE id = ${campaignId}`,
      );
      return row!.status;
    } catch {
      return null;
    }
  }

  it("pauses sending while the database is gone and resumes when it is back, nothing lost or doubled", async () => {
    const { db } = opened;
    const subs = await storeStrictSubscriptionsIn(db, service, SUBSCRIBERS);
    for (const sub of subs) service.setFault(sub.id, { kind: "delay", ms: 25 });
    const campaignId = await seedCampaign(db, { ttl: 3600 });
    await sendCampaignNow(db, campaignId, new Date());
    const worker = spawnWorker({
      DATABASE_URL: cluster.url,
      PUSH_EXTRA_HOSTS: new URL(service.origin).host,
      NODE_EXTRA_CA_CERTS: ensureTestTls().caBundlePath,
      SENDER_CONCURRENCY: "16",
      // shorter than the outage: the worker's own leases run out meanwhile and must not be sent twice
      SENDER_LEASE_MS: "2000",
      SENDER_MODE: "off",
    });
    try {
      await waitFor(() => service.requests().length >= 100, 30_000, `the worker to send (${worker.output()})`);
      cluster.down();
      const sentWhenDown = service.requests().length;
      await waitFor(
        () => worker.output().includes("database unavailable"),
        15_000,
        `the worker to notice (${worker.output()})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // only what was already in flight went out while the database was gone
      expect(service.requests().length - sentWhenDown).toBeLessThanOrEqual(16);
      cluster.up();

      const until = Date.now() + 45_000;
      while ((await statusOf(campaignId)) !== "sent") {
        if (Date.now() > until) throw new Error(`the campaign did not finish after the outage:\n${worker.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(worker.output()).toMatch(/database reachable again after \d+ s; sending resumes/);
      const perSubscription = subs.map((s) => service.requests(s.id).length);
      expect(perSubscription.filter((n) => n !== 1)).toEqual([]);
      const [counters] = await queryRows<{ targeted: number; accepted: number; failed: number }>(
        db,
        sql`SELECT targeted_count AS targeted, accepted_count AS accepted, failed_count AS failed FROM campaigns WHERE id = ${campaignId}`,
      );
      expect(counters).toEqual({ targeted: SUBSCRIBERS, accepted: SUBSCRIBERS, failed: 0 });
      // one line when it went away, one when it came back: no error per tick
      expect(worker.output().match(/database unavailable/g)).toHaveLength(1);
    } finally {
      await stopProcess(worker, "SIGTERM");
    }
  }, 120_000);
});
