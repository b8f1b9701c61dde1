// The audience snapshot: one delivery row per subscription, written in keyset chunks (INSERT … SELECT,
// one transaction each) so a million subscribers never sit in memory and a crash resumes at the cursor.
// On SQLite the chunk is the sync body below (one INSERT … SELECT drawing its tokens from a SQL function
// of the connection); on PostgreSQL, its twin in ./snapshot-postgres.ts.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { subscriptions } from "@/lib/db/schema";
import { immediate, prepared } from "@/lib/db/prepared";
import { syncSqliteOf } from "@/lib/db/sqlite-async";
import { gateOf } from "@/lib/db/sqlite-gate";
import { snapshotChunkPostgres } from "./snapshot-postgres";
import { registerTokenFunction } from "./tokens";

/**
 * Builds the where-condition over `db.tables.subscriptions` for an audience (active rows, segments,
 * topics); `at` (the campaign's start) anchors relative rules such as "seen in the last 7 days".
 * The runner passes compileAudience (lib/audience/compile.ts).
 */
export type AudienceResolver = (db: Db, audience: CampaignAudience, at: Date) => Promise<SQL>;
/** The same on the sync SQLite database (compileAudienceSync), for the callers still on it. */
export type SyncAudienceResolver = (db: SqliteDb, audience: CampaignAudience, at: Date) => SQL;

export type SnapshotOptions = { resolveAudience: AudienceResolver; now: number; chunkSize?: number };
export type SnapshotSyncOptions = { resolveAudience: SyncAudienceResolver; now: number; chunkSize?: number };

export const SNAPSHOT_CHUNK_SIZE = 5_000;

export type SnapshotProgress = { inserted: number; done: boolean };

const DONE: SnapshotProgress = { inserted: 0, done: true };

type SnapshotCampaign = {
  status: string;
  audience: string;
  started_at: number | null;
  snapshot_cursor: number | null;
  snapshot_done_at: number | null;
  send_rate_per_minute: number | null;
  targeted_count: number;
};

const CAMPAIGN_COLUMNS =
  "status, audience, started_at, snapshot_cursor, snapshot_done_at, send_rate_per_minute, targeted_count";

const pending = (campaign: SnapshotCampaign | undefined): campaign is SnapshotCampaign =>
  !!campaign && campaign.snapshot_done_at === null && (campaign.status === "sending" || campaign.status === "paused");

/**
 * Writes the next chunk of a sending (or paused) campaign's snapshot; `done` once every subscriber is
 * queued. `{ inserted: 0, done: false }`: another caller wrote the chunk meanwhile; call again.
 * Not from inside db.transaction: on SQLite the chunk is its own transaction and waits for the connection.
 */
export async function snapshotChunk(db: Db, campaignId: number, options: SnapshotOptions): Promise<SnapshotProgress> {
  const chunkSize = options.chunkSize ?? SNAPSHOT_CHUNK_SIZE;
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return snapshotChunkPostgres(db, campaignId, { ...options, chunkSize });

  // The audience compiles asynchronously (it loads segments), so before the write and outside its
  // transaction; the write then checks that the campaign is still where this read found it.
  const [seen] = await queryRows<SnapshotCampaign>(
    db,
    sql`SELECT ${sql.raw(CAMPAIGN_COLUMNS)} FROM campaigns WHERE id = ${campaignId}`,
  );
  if (!pending(seen)) return DONE;
  const startedAt = seen.started_at ?? options.now;
  const where = await options.resolveAudience(db, JSON.parse(seen.audience) as CampaignAudience, new Date(startedAt));
  const unchanged = (campaign: SnapshotCampaign, at: number) =>
    campaign.snapshot_cursor === seen.snapshot_cursor && at === startedAt && campaign.audience === seen.audience;
  return Promise.resolve(
    gateOf(sqlite.$client).whenFree(() =>
      writeChunk(sqlite, campaignId, options.now, chunkSize, (campaign, at) =>
        unchanged(campaign, at) ? where : null,
      ),
    ),
  );
}

/** Writes the whole snapshot, chunk after chunk (each chunk is its own transaction). */
export async function snapshotCampaign(db: Db, campaignId: number, options: SnapshotOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const { inserted, done } = await snapshotChunk(db, campaignId, options);
    total += inserted;
    if (done) return total;
  }
}

/** snapshotChunk on the sync SQLite database, the audience resolved inside the chunk's transaction. */
export function snapshotChunkSync(
  sqlite: SqliteDb,
  campaignId: number,
  options: SnapshotSyncOptions,
): SnapshotProgress {
  return writeChunk(sqlite, campaignId, options.now, options.chunkSize ?? SNAPSHOT_CHUNK_SIZE, (campaign, at) =>
    options.resolveAudience(sqlite, JSON.parse(campaign.audience) as CampaignAudience, new Date(at)),
  );
}

/** snapshotCampaign on the sync SQLite database. */
export function snapshotCampaignSync(sqlite: SqliteDb, campaignId: number, options: SnapshotSyncOptions): number {
  let total = 0;
  for (;;) {
    const { inserted, done } = snapshotChunkSync(sqlite, campaignId, options);
    total += inserted;
    if (done) return total;
  }
}

/**
 * One chunk in one IMMEDIATE transaction. `audienceFor` gives the audience's condition for the campaign
 * row read under the write lock, or null when that row is no longer the one the caller prepared for.
 */
function writeChunk(
  db: SqliteDb,
  campaignId: number,
  now: number,
  chunkSize: number,
  audienceFor: (campaign: SnapshotCampaign, startedAt: number) => SQL | null,
): SnapshotProgress {
  registerTokenFunction(db);
  return immediate(db, () => {
    const campaign = prepared(db, `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ?`).get(campaignId) as
      SnapshotCampaign | undefined;
    if (!pending(campaign)) return DONE;
    const startedAt = campaign.started_at ?? now;
    const cursor = campaign.snapshot_cursor ?? 0;
    const audienceWhere = audienceFor(campaign, startedAt);
    if (!audienceWhere) return { inserted: 0, done: false };
    // subscriptions made after the campaign started are not part of "the audience at that moment"
    const where = sql`(${audienceWhere}) AND ${subscriptions.id} > ${cursor} AND ${subscriptions.createdAt} <= ${startedAt}`;

    const last = db.get<{ last: number | null }>(
      sql`SELECT max(id) AS last FROM (SELECT ${subscriptions.id} AS id FROM ${subscriptions} WHERE ${where}
          ORDER BY ${subscriptions.id} LIMIT ${chunkSize})`,
    );
    if (last?.last == null) {
      prepared(db, `UPDATE campaigns SET snapshot_done_at = ?, updated_at = ? WHERE id = ?`).run(now, now, campaignId);
      return DONE;
    }

    // Integer arithmetic, as repaceQueuedDeliveries (./pacing.ts) and the PostgreSQL twin do: the n-th
    // row of the campaign is due (n × 60000) / perMinute ms after the start, truncated alike everywhere.
    const perMinute = Math.trunc(campaign.send_rate_per_minute ?? 0);
    const dueAt =
      perMinute > 0
        ? sql`CAST(${startedAt} AS INTEGER) + ((CAST(${campaign.targeted_count} AS INTEGER) + row_number() OVER (ORDER BY ${subscriptions.id}) - 1) * 60000) / CAST(${perMinute} AS INTEGER)`
        : sql`0`;
    const result = db.run(
      sql`INSERT OR IGNORE INTO deliveries
            (campaign_id, subscription_id, status, attempts, next_attempt_at, receipt_token, created_at, updated_at)
          SELECT ${campaignId}, ${subscriptions.id}, 'queued', 0, ${dueAt}, pushboard_receipt_token(${now}), ${now}, ${now}
          FROM ${subscriptions} WHERE ${where} AND ${subscriptions.id} <= ${last.last}
          ORDER BY ${subscriptions.id}`,
    );
    prepared(
      db,
      `UPDATE campaigns SET snapshot_cursor = ?, targeted_count = targeted_count + ?, updated_at = ? WHERE id = ?`,
    ).run(last.last, result.changes, now, campaignId);
    return { inserted: result.changes, done: false };
  });
}
