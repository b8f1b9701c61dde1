// (b) on PostgreSQL: the same campaign sent by 1, 2 and 4 real worker processes (scripts/worker.ts, as
// `npm run worker` starts them on DATABASE_URL) to the same sink, each run on a fresh copy of the seeded
// template in one durable cluster. Measured per run: wall time from "send now" to the campaign's "sent";
// each worker's CPU (/proc/<pid>/stat: every thread, ended ones too) and its pg driver share (./pg-probe.ts);
// the server's CPU (every process of the cluster); the sink's; and, at the sink, the pushes per endpoint.
import { sql } from "drizzle-orm";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { queryRows, type Db } from "@/lib/db/app-db";
import { openPostgres, postgresAppDb } from "@/lib/db/pg-client";
import { ensureTestTls } from "@/test/support/tls";
import { PAYLOAD, processCpu, threadCpu } from "./common";
import { meterDelta, meterSummary, type MeterReading } from "./cpu-meter";
import type { BenchCluster } from "./pg-cluster";
import { sinkCpu, type Sink, type SinkCounts } from "./sink";
import { startWorker, waitUntilUp, type BenchWorker } from "./workers";

export type WorkerFigures = { pid: number; messages: number; cpu: number; main: number; driver: number };

export type PostgresRun = {
  workers: number;
  seconds: number;
  rate: number;
  targeted: number;
  accepted: number;
  tally: { status: string; n: number }[];
  perWorker: WorkerFigures[];
  /** CPU seconds over the run: all worker processes, their main threads, their pg driver share, the server, the sink. */
  cpu: { workers: number; main: number; driver: number; server: number; sink: number };
  counts: SinkCounts;
  exactlyOnce: boolean;
};

/** The SENDER_CONCURRENCY whose per-origin share (3/4, lib/sender/process.ts) is `perOrigin`, as (b) on SQLite uses. */
export function workerConcurrencyFor(perOrigin: number): number {
  let c = perOrigin;
  while (Math.ceil((c * 3) / 4) < perOrigin) c++;
  return c;
}

type Before = {
  server: number;
  sink: Awaited<ReturnType<Sink["usage"]>>;
  cpu: (number | null)[];
  probes: MeterReading[];
};

async function readAll(cluster: BenchCluster, sink: Sink, workers: BenchWorker[]): Promise<Before> {
  const probes = await Promise.all(workers.map((w) => w.probe()));
  return { probes, cpu: workers.map((w) => processCpu(w.pid)), server: cluster.serverCpu(), sink: await sink.usage() };
}

/** Until the campaign is sent: watches the sink's count (cheap), asks the database once the count is in, or every second. */
async function waitUntilSent(db: Db, campaignId: number, sink: Sink, target: number, workers: BenchWorker[]) {
  const timeoutMs = Math.max(300_000, target * 10);
  const deadline = Date.now() + timeoutMs;
  let asked = 0;
  for (;;) {
    const { accepted } = await sink.usage();
    if (accepted >= target || Date.now() - asked >= 1_000) {
      asked = Date.now();
      const [row] = await queryRows<{ status: string }>(db, sql`SELECT status FROM campaigns WHERE id = ${campaignId}`);
      if (row?.status === "sent") return;
      if (row?.status !== "sending") {
        const errors = await queryRows<{ error: string; n: number }>(
          db,
          sql`SELECT error, count(*) AS n FROM deliveries WHERE campaign_id = ${campaignId} AND error IS NOT NULL GROUP BY error LIMIT 5`,
        );
        throw new Error(
          `the campaign is ${row?.status}, not sending; errors: ${JSON.stringify(errors)}\n${workers.map((w) => w.output()).join("\n")}`,
        );
      }
    }
    const dead = workers.find((w) => w.child.exitCode !== null);
    if (dead) throw new Error(`worker ${dead.pid} exited:\n${dead.output()}`);
    if (Date.now() > deadline) throw new Error(`the campaign did not finish in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, accepted >= target ? 5 : 50));
  }
}

export async function postgresRun(
  cluster: BenchCluster,
  url: string,
  options: { workers: number; subscribers: number; concurrency: number; sink: Sink },
): Promise<PostgresRun> {
  const { sink } = options;
  const env = {
    NODE_ENV: "production",
    DATABASE_URL: url,
    SENDER_MODE: "off",
    SENDER_CONCURRENCY: String(workerConcurrencyFor(options.concurrency)),
    SENDER_NICE: "0", // (b) on SQLite runs at the normal priority too
    PUSH_EXTRA_HOSTS: new URL(sink.origin).host,
    NODE_EXTRA_CA_CERTS: ensureTestTls().caBundlePath,
  };
  const pgDb = openPostgres(url, { max: 1 });
  const db = postgresAppDb(pgDb);
  const workers = Array.from({ length: options.workers }, () => startWorker(env));
  try {
    await waitUntilUp(workers); // all are up before the campaign starts, so all take part
    const { campaigns } = db.tables;
    const [row] = await db
      .insert(campaigns)
      .values({
        title: PAYLOAD.title,
        body: PAYLOAD.body,
        url: PAYLOAD.clickUrl,
        audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
      })
      .returning({ id: campaigns.id });
    const campaignId = row!.id;
    await sink.startCounting();
    const before = await readAll(cluster, sink, workers);
    const mains0 = workers.map((w) => threadCpu(w.pid)?.main ?? 0);
    const started = performance.now();
    await sendCampaignNow(db, campaignId, new Date());
    await waitUntilSent(db, campaignId, sink, before.sink.accepted + options.subscribers, workers);
    const seconds = (performance.now() - started) / 1000;
    const after = await readAll(cluster, sink, workers);
    const mains1 = workers.map((w) => threadCpu(w.pid)?.main ?? 0);

    const counts = await sink.counts();
    const tally = (
      await queryRows<{ status: string; n: number }>(
        db,
        sql`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ${campaignId} GROUP BY status ORDER BY status`,
      )
    ).map((t) => ({ status: t.status, n: Number(t.n) }));
    const senders = await queryRows<{ worker: string; n: number }>(
      db,
      sql`SELECT leased_by AS worker, count(*) AS n FROM deliveries WHERE campaign_id = ${campaignId} GROUP BY leased_by`,
    );
    const [counters] = await queryRows<{ targeted: number; accepted: number }>(
      db,
      sql`SELECT targeted_count AS targeted, accepted_count AS accepted FROM campaigns WHERE id = ${campaignId}`,
    );
    const perWorker = workers.map((w, i) => ({
      pid: w.pid,
      // worker ids are host:pid:random (lib/sender/worker-id.ts)
      messages: senders
        .filter((s) => s.worker?.split(":").at(-2) === String(w.pid))
        .reduce((sum, s) => sum + Number(s.n), 0),
      cpu: (after.cpu[i] ?? 0) - (before.cpu[i] ?? 0),
      main: mains1[i]! - mains0[i]!,
      driver: meterSummary(meterDelta(before.probes[i]!, after.probes[i]!)).cpuSeconds,
    }));
    const sum = (pick: (w: WorkerFigures) => number) => perWorker.reduce((total, w) => total + pick(w), 0);
    const sent = tally.reduce((total, t) => total + t.n, 0);
    const accepted = Number(counters!.accepted);
    return {
      workers: options.workers,
      seconds,
      rate: sent / seconds,
      targeted: Number(counters!.targeted),
      accepted,
      tally,
      perWorker,
      cpu: {
        workers: sum((w) => w.cpu),
        main: sum((w) => w.main),
        driver: sum((w) => w.driver),
        server: after.server - before.server,
        sink: sinkCpu(before.sink, after.sink),
      },
      counts,
      exactlyOnce:
        counts.endpoints === options.subscribers &&
        counts.requests === options.subscribers &&
        counts.repeated === 0 &&
        accepted === options.subscribers,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await pgDb.$client.end();
  }
}
