// The bench's one PostgreSQL: a durable throwaway cluster (test/support/postgres-cluster.ts, commits
// flushed before they are acknowledged, as on a production server), a seeded template database that each
// run copies, and the server's CPU read from /proc across every process of the cluster.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { migratePostgres, openPostgres, postgresAppDb } from "@/lib/db/pg-client";
import { ensureVapidKeys } from "@/lib/settings/bootstrap";
import { startPostgresCluster, type PostgresCluster } from "@/test/support/postgres-cluster";
import type { VapidKeys } from "@/lib/settings/keys";
import { benchEndpoint, statCpu, type KeyPool } from "./common";

export type BenchCluster = PostgresCluster & {
  version: string;
  urlOf(database: string): string;
  admin(text: string): Promise<void>;
  /** CPU seconds of the whole server: the postmaster, every live child, and the children it has reaped. */
  serverCpu(): number;
};

export async function startBenchCluster(): Promise<BenchCluster> {
  const cluster = await startPostgresCluster({ durable: true });
  const urlOf = (database: string) => cluster.url.replace(/\/[^/]*$/, `/${database}`);
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const postmaster = Number(readFileSync(`${cluster.dir}/data/postmaster.pid`, "utf8").split("\n")[0]);
  const serverCpu = () => {
    // backends that ended were reaped by the postmaster: their CPU is in its cutime/cstime
    let seconds = statCpu(readFileSync(`/proc/${postmaster}/stat`, "utf8"), true).seconds;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const child = statCpu(readFileSync(`/proc/${entry}/stat`, "utf8"), true);
        if (child.ppid === postmaster) seconds += child.seconds;
      } catch {
        // ended while we looked: its CPU is now the postmaster's
      }
    }
    return seconds;
  };
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  const version = ((await client.query("SHOW server_version")).rows[0] as { server_version: string }).server_version;
  await client.end();
  return Object.assign(cluster, { version, urlOf, admin, serverCpu });
}

export type SeedOptions = {
  host: string;
  count: number;
  keys: KeyPool;
  /** The i-th subscriber's endpoint; default: ./common.ts benchEndpoint at `host`. */
  endpoint?: (i: number) => string;
  /** What the rows say they were made with; default: the database's own VAPID public key. */
  vapidPublicKey?: string;
};

/** A new database, migrated, its VAPID keys made, with `count` active subscribers at the sink. */
export async function seedDatabase(cluster: BenchCluster, name: string, seed: SeedOptions): Promise<VapidKeys> {
  await cluster.admin(`CREATE DATABASE ${name}`);
  const drizzleDb = openPostgres(cluster.urlOf(name), { max: 1 });
  try {
    await migratePostgres(drizzleDb);
    const vapid = await ensureVapidKeys(postgresAppDb(drizzleDb));
    const endpoint = seed.endpoint ?? ((i: number) => benchEndpoint(seed.host, i));
    const at = new Date(Date.now() - 60_000);
    // one INSERT … SELECT over unnest(arrays) per 20,000 rows: a round trip per chunk, not per row
    for (let start = 0; start < seed.count; start += 20_000) {
      const end = Math.min(seed.count, start + 20_000);
      const endpoints: string[] = [];
      const p256dh: string[] = [];
      const auth: string[] = [];
      for (let i = start; i < end; i++) {
        const key = seed.keys[i % seed.keys.length]!;
        endpoints.push(endpoint(i));
        p256dh.push(key.p256dh);
        auth.push(key.auth);
      }
      await drizzleDb.$client.query(
        `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
         SELECT e, p, a, 'active', 'other', $4, $5, $6, $6 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(e, p, a)`,
        [endpoints, p256dh, auth, seed.host, seed.vapidPublicKey ?? vapid.publicKey, at],
      );
    }
    await drizzleDb.$client.query("VACUUM ANALYZE subscriptions");
    return vapid;
  } finally {
    await drizzleDb.$client.end();
  }
}

/** A fresh copy of the seeded template for one run (the same rows, no deliveries of earlier runs). */
export async function runDatabase(cluster: BenchCluster, name: string, template: string): Promise<string> {
  await cluster.admin(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  return cluster.urlOf(name);
}
