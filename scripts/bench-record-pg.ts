// npx tsx scripts/bench-record-pg.ts [-- --workers 4 --batch 16 --inflight 1 --rows 4000 --durable]
// A measurement, not a test: how much recording answers on PostgreSQL waits on the campaign's counters.
// Every worker of a campaign used to update its one row (a hot lock: 46–76 % of the recording backends
// waited on it); now each batch inserts a delta row, folded later (lib/delivery/counter-deltas.ts), and
// this shows what is left of the wait. On a throwaway cluster,
// `workers` pools (separate sender processes, as the server sees them) each record `rows` claimed
// deliveries in batches of `batch`, `inflight` batches at a time per pool, twice:
//   shared:   all pools record into ONE campaign (one counter row for all);
//   separate: each pool records into its own campaign (no shared row): the baseline.
// Meanwhile a sampler reads pg_stat_activity as fast as it can: the share of the pools' busy backends
// that wait on a lock (and on what) is the contention. --durable runs the cluster with fsync and
// synchronous_commit on (the test cluster has them off), where COMMIT — inside the lock's hold — costs
// a WAL flush.
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import { migratePostgres, openPostgres, postgresAppDb, type PgDb } from "@/lib/db/pg-client";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { claimDeliveries, type ClaimedDelivery } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";
import { foldCounterDeltas } from "@/lib/delivery/counter-deltas";
import type { PushOutcome } from "@/lib/push/types";
import { findPostgresBin, startPostgresCluster } from "@/test/support/postgres-cluster";
import { seedCampaign } from "@/test/support/seeds";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const WORKERS = arg("workers", 4);
const BATCH = arg("batch", 16);
const INFLIGHT = arg("inflight", 1);
const ROWS = arg("rows", 4000); // per worker
const DURABLE = process.argv.includes("--durable");

function restartDurable(dir: string, port: number) {
  const bin = findPostgresBin()!;
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=on",
    "-c synchronous_commit=on",
    "-c full_page_writes=on",
    "-c max_connections=200",
  ].join(" ");
  // -l: the server's output goes to its log, not to our stdout (which would keep execFileSync waiting)
  const log = path.join(dir, "server.log");
  const args = ["restart", "-D", path.join(dir, "data"), "-w", "-s", "-m", "fast", "-l", log, "-o", options];
  const file = path.join(bin, "pg_ctl");
  const [command, argv] =
    process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  execFileSync(command, argv, { stdio: "ignore" });
}

/** `count` subscriptions over four push hosts and `campaigns` started campaigns sharing them round robin. */
async function seed(db: Db, count: number, campaigns: number): Promise<number[]> {
  await queryRows(
    db,
    sql`INSERT INTO subscriptions (endpoint, p256dh, auth, push_service, push_host, vapid_public_key, created_at, updated_at)
        SELECT 'https://h' || (i % 4) || '.example/push/' || i, 'p', 'a', 'other', 'h' || (i % 4) || '.example', 'k',
               now() - interval '1 minute', now() - interval '1 minute'
        FROM generate_series(1, ${count}) AS i`,
  );
  const ids: number[] = [];
  for (let k = 0; k < campaigns; k++) {
    const id = await seedCampaign(db, { title: `bench ${k}` });
    await sendCampaignNow(db, id, new Date());
    ids.push(id);
  }
  await queryRows(
    db,
    sql`INSERT INTO deliveries (campaign_id, subscription_id, receipt_token, created_at, updated_at)
        SELECT (${sql.param(ids)}::integer[])[1 + (s.id % ${campaigns})], s.id, md5(random()::text || s.id), 0, 0
        FROM subscriptions s`,
  );
  return ids;
}

const OUTCOMES: PushOutcome[] = [
  { kind: "accepted", statusCode: 201 },
  { kind: "accepted", statusCode: 201 },
  { kind: "accepted", statusCode: 201 },
  { kind: "failed", statusCode: 400, authProblem: false, error: "400" },
  { kind: "retry", statusCode: 500, originThrottled: false, error: "500" },
];

type Sample = { busy: number; waiting: number; events: Map<string, number>; other: Map<string, number> };

async function sampler(url: string, stop: { done: boolean }): Promise<Sample & { samples: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const total: Sample & { samples: number } = { busy: 0, waiting: 0, events: new Map(), other: new Map(), samples: 0 };
  while (!stop.done) {
    const { rows } = await client.query<{ wait_event_type: string | null; wait_event: string | null; query: string }>(
      `SELECT wait_event_type, wait_event, query FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    total.samples++;
    for (const r of rows) {
      total.busy++;
      if (r.wait_event_type !== null && r.wait_event_type !== "Lock") {
        // not a row lock: WAL flushes (IO), buffer or MultiXact LWLocks — what is left once no row is hot
        const key = `${r.wait_event_type}:${r.wait_event}`;
        total.other.set(key, (total.other.get(key) ?? 0) + 1);
      }
      if (r.wait_event_type !== "Lock") continue;
      total.waiting++;
      const on = /UPDATE campaigns/i.test(r.query)
        ? "campaigns UPDATE"
        : /INSERT INTO campaign_counter_deltas/i.test(r.query)
          ? "counter delta INSERT"
          : r.query.trim().split(/\s+/).slice(0, 3).join(" ");
      const key = `${r.wait_event} in ${on}`;
      total.events.set(key, (total.events.get(key) ?? 0) + 1);
    }
  }
  await client.end();
  return total;
}

async function scenario(name: string, url: string, shared: boolean) {
  const setup = openPostgres(url, { max: 2 });
  const db = postgresAppDb(setup);
  await queryRows(db, sql`TRUNCATE deliveries, subscriptions, campaigns, push_origins RESTART IDENTITY CASCADE`);
  const campaignIds = await seed(db, ROWS * WORKERS, shared ? 1 : WORKERS);
  const pools: PgDb[] = Array.from({ length: WORKERS }, () => openPostgres(url, { max: INFLIGHT }));
  const now = Date.now();
  // claim first (not measured): every worker holds its rows under its lease
  const claimed: ClaimedDelivery[][] = [];
  for (let w = 0; w < WORKERS; w++) {
    const mine: ClaimedDelivery[] = [];
    const campaignId = campaignIds[shared ? 0 : w]!;
    while (mine.length < ROWS) {
      const options = { campaignId, workerId: `w${w}`, limit: 500, now, leaseMs: 3_600_000 };
      const { claimed: got } = await claimDeliveries(postgresAppDb(pools[w]!), options);
      if (got.length === 0) break;
      mine.push(...got);
    }
    claimed.push(mine);
  }
  const stop = { done: false };
  const sampling = sampler(url, stop);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    claimed.flatMap((rows, w) => {
      const worker = postgresAppDb(pools[w]!);
      let next = 0;
      return Array.from({ length: INFLIGHT }, async () => {
        while (next < rows.length) {
          const batch = rows.slice(next, (next += BATCH));
          const t = performance.now();
          const results = batch.map((delivery) => ({ delivery, outcome: OUTCOMES[delivery.id % OUTCOMES.length]! }));
          const recorded = await recordOutcomes(worker, results, { workerId: `w${w}`, now, random: () => 0.5 });
          latencies.push(performance.now() - t);
          if (recorded.some((r) => r.stale)) throw new Error("a stale record in the benchmark");
        }
      });
    }),
  );
  const elapsed = performance.now() - started;
  stop.done = true;
  const sample = await sampling;
  // the counters are deltas until folded (lib/delivery/counter-deltas.ts): the senders fold once a second
  const folding = performance.now();
  await foldCounterDeltas(db);
  const foldMs = performance.now() - folding;
  const [sums] = await queryRows<{ n: number }>(
    db,
    sql`SELECT sum(accepted_count + failed_count + retrying_count) AS n FROM campaigns`,
  );
  if (Number(sums!.n) !== ROWS * WORKERS) throw new Error(`counters say ${sums!.n}, not ${ROWS * WORKERS}`);
  await Promise.all([...pools, setup].map((p) => p.$client.end()));

  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  const rows = ROWS * WORKERS;
  const events = [...sample.events].map(([k, n]) => `${k}: ${n}`).join("; ") || "none";
  const top = [...sample.other].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const other = top.map(([k, n]) => `${k} ${((100 * n) / Math.max(1, sample.busy)).toFixed(0)}%`).join(", ") || "none";
  console.log(
    `${name.padEnd(9)} ${Math.round(rows / (elapsed / 1000))
      .toString()
      .padStart(7)} rows/s  ${Math.round(latencies.length / (elapsed / 1000))} batches/s  ` +
      `batch ms p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)}  ` +
      `lock-waiting ${((100 * sample.waiting) / Math.max(1, sample.busy)).toFixed(1)}% of ${sample.busy} busy-backend samples ` +
      `(${sample.samples} samples; ${events}); other waits ${other}; then one fold ${foldMs.toFixed(0)} ms`,
  );
}

async function main() {
  const cluster = await startPostgresCluster();
  try {
    if (DURABLE) restartDurable(cluster.dir, cluster.port);
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("CREATE DATABASE bench");
    await admin.end();
    const url = cluster.url.replace(/\/[^/]*$/, "/bench");
    const migrate = openPostgres(url, { max: 1 });
    await migratePostgres(migrate);
    await migrate.$client.end();
    console.log(
      `${WORKERS} pools × ${INFLIGHT} in flight, batches of ${BATCH}, ${ROWS} rows per pool, ` +
        `${DURABLE ? "fsync + synchronous_commit on" : "fsync off (as the test cluster)"}`,
    );
    for (const round of [1, 2]) {
      console.log(`round ${round}`);
      await scenario("separate", url, false);
      await scenario("shared", url, true);
    }
  } finally {
    cluster.stop();
  }
}

void main();
