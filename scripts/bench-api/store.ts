// The database of one API-benchmark scenario, as the bench itself sees it: a fresh SQLite file, or a
// fresh database in the bench's durable PostgreSQL cluster. Seeded with the campaign's audience; the
// server and worker processes find it through `env`; the bench creates and starts the campaign,
// watches its progress and reads the receipt tokens the receipt stream replays.
import { createECDH, randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { openConfiguredDatabase, openSqlite } from "@/lib/db/open";
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";
import { seedDatabase, type BenchCluster } from "../bench-send/pg-cluster";

export type Progress = {
  status: string;
  targeted: number;
  accepted: number;
  failed: number;
  shown: number;
  clicked: number;
};

export type ScenarioStore = {
  engine: "sqlite" | "postgres";
  /** The bench's own connection, for seeding what a scenario adds. */
  db: Db;
  /** What the server and worker processes need to open it. */
  env: Record<string, string>;
  vapidPublicKey: string;
  startCampaign(baseUrl: string): Promise<number>;
  snapshotDone(id: number): Promise<boolean>;
  progress(id: number): Promise<Progress>;
  tokens(id: number): Promise<string[]>;
  close(): Promise<void>;
};

function keys() {
  return Array.from({ length: 64 }, () => {
    const ecdh = createECDH("prime256v1");
    return { p256dh: ecdh.generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  });
}

const seedEndpoint = (sinkOrigin: string) => (i: number) =>
  `${sinkOrigin}/push/seed-${i}-${randomBytes(6).toString("base64url")}`;

function seedSqlite(db: SqliteDb, sinkOrigin: string, vapidPublicKey: string, subscribers: number): void {
  const pool = keys();
  const endpoint = seedEndpoint(sinkOrigin);
  const host = new URL(sinkOrigin).host;
  const insert = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, 'active', 'other', ?, ?, ?, ?)`,
  );
  const at = Date.now() - 60_000;
  db.$client.transaction(() => {
    for (let i = 0; i < subscribers; i++) {
      const k = pool[i % pool.length]!;
      insert.run(endpoint(i), k.p256dh, k.auth, host, vapidPublicKey, at, at);
    }
  })();
}

function storeOn(db: Db, base: Omit<ScenarioStore, keyof ReturnType<typeof verbs> | "db">): ScenarioStore {
  return { ...base, db, ...verbs(db) };
}

function verbs(db: Db) {
  return {
    async startCampaign(baseUrl: string) {
      const { campaigns } = db.tables;
      const [row] = await db
        .insert(campaigns)
        .values({
          title: "Load test",
          body: "Sent while the API is under load",
          url: `${baseUrl}/`,
          audience: { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [], excludeTopicIds: [] },
        })
        .returning({ id: campaigns.id });
      await sendCampaignNow(db, row!.id, new Date());
      return row!.id;
    },
    async snapshotDone(id: number) {
      const [row] = await queryRows<{ done: unknown }>(
        db,
        sql`select snapshot_done_at as done from campaigns where id = ${id}`,
      );
      return row?.done != null;
    },
    async progress(id: number) {
      const [row] = await queryRows<Progress>(
        db,
        sql`select status, targeted_count as targeted, accepted_count as accepted, failed_count as failed, shown_count as shown, clicked_count as clicked from campaigns where id = ${id}`,
      );
      const numbers = Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, k === "status" ? v : Number(v)]));
      return numbers as Progress;
    },
    async tokens(id: number) {
      const rows = await queryRows<{ token: string }>(
        db,
        sql`select receipt_token as token from deliveries where campaign_id = ${id} order by id`,
      );
      return rows.map((r) => r.token);
    },
  };
}

export async function sqliteStore(dir: string, sinkOrigin: string, subscribers: number): Promise<ScenarioStore> {
  const file = path.join(dir, "pushboard.db");
  const opened = openSqlite(file);
  const vapid = ensureVapidKeysSync(opened.sqlite!);
  seedSqlite(opened.sqlite!, sinkOrigin, vapid.publicKey, subscribers);
  return storeOn(opened.db, {
    engine: "sqlite",
    env: { DATABASE_PATH: file, DATABASE_URL: "" }, // a DATABASE_URL in the environment would win
    vapidPublicKey: vapid.publicKey,
    close: opened.close,
  });
}

export async function postgresStore(
  cluster: BenchCluster,
  name: string,
  sinkOrigin: string,
  subscribers: number,
): Promise<ScenarioStore> {
  const host = new URL(sinkOrigin).host;
  const vapid = await seedDatabase(cluster, name, {
    host,
    count: subscribers,
    keys: keys(),
    endpoint: seedEndpoint(sinkOrigin),
  });
  const url = cluster.urlOf(name);
  const opened = await openConfiguredDatabase({ DATABASE_URL: url, DATABASE_PATH: "unused" }, { pool: 2 });
  return storeOn(opened.db, {
    engine: "postgres",
    env: { DATABASE_URL: url },
    vapidPublicKey: vapid.publicKey,
    close: opened.close,
  });
}
