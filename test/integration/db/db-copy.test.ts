// npm run db:copy moves an install between SQLite and PostgreSQL, both ways: a seeded database with a
// row in every table goes SQLite → PostgreSQL → SQLite and comes back identical (pending counter deltas
// folded into their campaign, as SQLite keeps counters), every table's count and checksum checked on the way; a non-empty or outdated database is refused and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { copyDatabase, CopyError } from "@/lib/db/copy";
import { copyTables } from "@/lib/db/copy-tables";
import { recordAudit } from "@/lib/audit/record";
import { incrementOptinEvent } from "@/lib/optin/funnel";
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { createTopic } from "@/lib/topics/admin";
import { startedCampaign } from "@/test/support/engine-queue";
import { createEmptyPgDatabase } from "@/test/support/pg";
import { addUser } from "@/test/support/users";

let dir: string;
let sourceFile: string;
let pgUrl: string;
let dropPg: () => Promise<void>;
const now = Date.UTC(2026, 11, 3, 12, 0, 0, 123);

async function seed(db: Db) {
  const owner = await addUser(db, "owner", "owner@example.com");
  const editor = await addUser(db, "editor", "editor@example.com");
  const actor = { id: owner.id, email: owner.email };
  ensureVapidKeysSync(db, "mailto:ops@example.com");
  const news = await createTopic(sqliteAppDb(db), { name: "News", description: "Daily news" }, actor, new Date(now));
  const { campaignId, subscriptionIds } = startedCampaign(db, { now, hosts: { "fcm.googleapis.com": 40 } });
  const c = db.$client;
  c.prepare(`INSERT INTO subscription_topics (subscription_id, topic_id) VALUES (?, ?)`).run(
    subscriptionIds[0],
    news.id,
  );
  // keys in an order jsonb will not keep: the checksum must not depend on it
  c.prepare(`INSERT INTO segments (name, rules, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
    "Recent",
    JSON.stringify({ zeta: 1, alpha: { b: [1, 2, { y: "é", x: null }], a: true } }),
    owner.id,
    now,
    now,
  );
  const delivery = c.prepare(`SELECT id FROM deliveries WHERE campaign_id = ? ORDER BY id LIMIT 1`).get(campaignId) as {
    id: number;
  };
  c.prepare(`UPDATE deliveries SET status = 'accepted', accepted_at = ?, status_code = 201 WHERE id = ?`).run(
    now,
    delivery.id,
  );
  c.prepare(`INSERT INTO receipts (delivery_id, campaign_id, kind, created_at) VALUES (?, ?, 'shown', ?)`).run(
    delivery.id,
    campaignId,
    now,
  );
  c.prepare(`UPDATE campaigns SET renotify = 1, actions = ? WHERE id = ?`).run(
    JSON.stringify([{ action: "a1", title: "Open ‘it’", url: "https://site.example/x" }]),
    campaignId,
  );
  await recordAudit(sqliteAppDb(db), {
    actor,
    action: "campaign.send",
    targetType: "campaign",
    targetId: campaignId,
    details: { n: 40 },
  });
  await incrementOptinEvent(sqliteAppDb(db), "granted", new Date(now));
  await incrementOptinEvent(sqliteAppDb(db), "prompt_seen", new Date(now));
  c.prepare(
    `INSERT INTO push_origins (origin, consecutive_auth_failures, last_status_code, updated_at) VALUES ('https://fcm.googleapis.com', 2, 403, ?)`,
  ).run(now);
  c.prepare(
    `INSERT INTO invitations (email, role, token_hash, invited_by, expires_at, created_at) VALUES ('new@example.com', 'viewer', 'h1', ?, ?, ?)`,
  ).run(owner.id, now + 86_400_000, now);
  c.prepare(
    `INSERT INTO password_resets (user_id, token_hash, created_by, expires_at, created_at) VALUES (?, 'h2', ?, ?, ?)`,
  ).run(editor.id, owner.id, now + 3_600_000, now);
  c.prepare(`INSERT INTO revoked_sessions (sid, user_id, expires_at) VALUES ('sid-1', ?, ?)`).run(owner.id, now);
  c.prepare(
    `INSERT INTO auth_throttle (key, failures, lockouts, last_failure_at) VALUES ('ip:203.0.113.9', 3, 1, ?)`,
  ).run(now);
  c.prepare(
    `INSERT INTO rate_limit_buckets (name, key, nanotokens, updated_at, expires_at) VALUES ('receipts', '203.0.113.9', -250000000, ?, ?)`,
  ).run(now, now + 60_000);
  c.prepare(
    `INSERT INTO api_keys (name, prefix, secret_hash, scopes, expires_at, created_by, created_at, updated_at) VALUES ('Shop', 'pb_k3Xa', 'ab12', '["notifications:send"]', ?, ?, ?, ?)`,
  ).run(now + 86_400_000, owner.id, now, now);
  c.prepare(
    `INSERT INTO idempotency_keys (api_key_id, key, request_hash, status, response, created_at) VALUES (1, 'order-1', 'cd34', 202, '{"id":1,"targeted":2}', ?)`,
  ).run(now);
  c.prepare(`UPDATE campaigns SET source = 'api', api_key_id = 1 WHERE id = ?`).run(campaignId);
  c.prepare(`UPDATE subscriptions SET external_id = 'user-42' WHERE id = ?`).run(subscriptionIds[1]);
  // a counter change not yet folded (only PostgreSQL writes them: a copy to PostgreSQL carries them over, a copy
  // to SQLite, which keeps its counters on the row, folds them in)
  c.prepare(
    `INSERT INTO campaign_counter_deltas (campaign_id, accepted, retrying, shown, created_at) VALUES (?, 2, -1, 1, ?)`,
  ).run(campaignId, now);
}

/** Every row of every table, in primary-key order, JSON columns parsed (jsonb keeps no key order). */
function dump(file: string) {
  const db = openDatabase(file);
  const out = Object.fromEntries(
    copyTables().map((t) => {
      const rows = db.$client
        .prepare(`SELECT * FROM "${t.name}" ORDER BY ${t.primaryKey.map((k) => `"${k}"`).join(", ")}`)
        .all() as Record<string, unknown>[];
      const json = t.columns.filter((c) => c.type === "json").map((c) => c.name);
      for (const row of rows) for (const name of json) row[name] = JSON.parse(String(row[name]));
      return [t.name, rows];
    }),
  );
  db.$client.close();
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-copy-"));
  sourceFile = path.join(dir, "source.db");
  const db = openDatabase(sourceFile);
  migrateDatabase(db);
  await seed(db);
  db.$client.close();
  ({ url: pgUrl, drop: dropPg } = await createEmptyPgDatabase());
});

afterAll(async () => {
  await dropPg?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("db:copy", () => {
  it("copies SQLite → PostgreSQL → SQLite with every table's count and checksum intact", async () => {
    const there = await copyDatabase(sourceFile, pgUrl);
    for (const table of there) expect(table.rows, `${table.table} was seeded`).toBeGreaterThan(0);
    expect(there.find((t) => t.table === "deliveries")!.rows).toBe(40);

    const backFile = path.join(dir, "back.db");
    const back = await copyDatabase(pgUrl, backFile);
    expect(back).toEqual(there);
    const expected = dump(sourceFile);
    const [campaign] = expected.campaigns as Record<string, number>[];
    Object.assign(campaign!, {
      accepted_count: campaign!.accepted_count! + 2,
      retrying_count: Math.max(0, campaign!.retrying_count! - 1),
      shown_count: campaign!.shown_count! + 1,
    });
    expected.campaign_counter_deltas = [];
    expect(dump(backFile)).toEqual(expected);
  });

  it("keeps PostgreSQL's own types and lets new rows continue after the copied ids", async () => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const campaign = await client.query(`SELECT renotify, actions, started_at FROM campaigns LIMIT 1`);
      expect(campaign.rows[0].renotify).toBe(true);
      expect(campaign.rows[0].actions).toEqual([{ action: "a1", title: "Open ‘it’", url: "https://site.example/x" }]);
      expect(campaign.rows[0].started_at).toEqual(new Date(now));
      const max = await client.query(`SELECT max(id)::int AS id FROM topics`);
      const inserted = await client.query(
        `INSERT INTO topics (slug, name, created_at, updated_at) VALUES ('sport', 'Sport', now(), now()) RETURNING id`,
      );
      expect(inserted.rows[0].id).toBe(max.rows[0].id + 1);
    } finally {
      await client.end();
    }
  });

  it("refuses a target that already holds data, and writes nothing to it", async () => {
    const failure = await copyDatabase(sourceFile, pgUrl).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CopyError);
    expect((failure as Error).message).toMatch(
      /is not empty \(\d+ rows in \w+\): db:copy only writes into an empty database/,
    );
  });

  it("refuses a source that is not on this version's migrations", async () => {
    const old = path.join(dir, "old.db");
    const db = openDatabase(old);
    migrateDatabase(db);
    db.$client
      .prepare(`DELETE FROM "__drizzle_migrations" WHERE rowid = (SELECT max(rowid) FROM "__drizzle_migrations")`)
      .run();
    db.$client.close();
    const failure = await copyDatabase(old, path.join(dir, "never.db")).catch((error: unknown) => error);
    expect(existsSync(path.join(dir, "never.db")), "the target is not even created").toBe(false);
    const [, applied, shipped] =
      /has (\d+) of this version's (\d+) migrations: run npm run db:migrate on it first/.exec(
        (failure as Error).message,
      ) ?? [];
    expect(Number(shipped)).toBeGreaterThan(1); // the message was the expected one
    expect(Number(applied)).toBe(Number(shipped) - 1);
  });

  it("names the database it cannot reach", async () => {
    const failure = await copyDatabase(sourceFile, "postgres://nobody@127.0.0.1:1/nowhere").catch((e: unknown) => e);
    expect(String((failure as Error).message)).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/);
  });
});
