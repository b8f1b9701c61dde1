// The audience snapshot's chunk on PostgreSQL, beside its SQLite twin (./snapshot.ts): one transaction
// per chunk that first locks the campaign's row. Where SQLite's single writer lets one chunk run at a
// time, two workers here would otherwise both read the same cursor and write the same chunk; with the
// lock the second waits, then reads the cursor the first wrote (READ COMMITTED re-reads a locked row)
// and writes the next chunk. The lock is FOR NO KEY UPDATE, as in lib/receipts/record-postgres.ts: it
// holds back the other writers of the row (a pause, a cancel, another chunk) but not the foreign-key
// checks of receipts inserted meanwhile.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import type { AudienceResolver, SnapshotProgress } from "./snapshot";
import { newReceiptTokens } from "./tokens";

type SnapshotCampaign = {
  status: string;
  audience: CampaignAudience | string;
  started_at: number | string | null;
  snapshot_cursor: number | null;
  snapshot_done: boolean;
  send_rate_per_minute: number | null;
  targeted_count: number | string;
};

const DONE: SnapshotProgress = { inserted: 0, done: true };

export function snapshotChunkPostgres(
  db: Db,
  campaignId: number,
  options: { resolveAudience: AudienceResolver; now: number; chunkSize: number },
): Promise<SnapshotProgress> {
  const { now, chunkSize } = options;
  return db.transaction(async (tx) => {
    // started_at is timestamptz (milliseconds): read as epoch milliseconds, the number SQLite stores
    const [campaign] = await queryRows<SnapshotCampaign>(
      tx,
      sql`SELECT status, audience, round(extract(epoch FROM started_at) * 1000)::bigint AS started_at,
            snapshot_cursor, snapshot_done_at IS NOT NULL AS snapshot_done, send_rate_per_minute, targeted_count
          FROM campaigns WHERE id = ${campaignId} FOR NO KEY UPDATE`,
    );
    if (!campaign || campaign.snapshot_done) return DONE;
    if (campaign.status !== "sending" && campaign.status !== "paused") return DONE;
    const startedAt = campaign.started_at === null ? now : Number(campaign.started_at);
    const cursor = campaign.snapshot_cursor ?? 0;
    const stored = typeof campaign.audience === "string" ? JSON.parse(campaign.audience) : campaign.audience;
    const audienceWhere = await options.resolveAudience(tx, stored as CampaignAudience, new Date(startedAt));
    const { subscriptions } = tx.tables;

    // The same formula as SQLite's: the n-th row of the campaign is due (n × 60000) / perMinute ms
    // after the start, in integer (bigint) arithmetic.
    const perMinute = Math.trunc(campaign.send_rate_per_minute ?? 0);
    const dueAt =
      perMinute > 0
        ? sql`${startedAt}::bigint + ((${Number(campaign.targeted_count)}::bigint + chunk.n - 1) * 60000) / ${perMinute}::bigint`
        : sql`0::bigint`;
    // Tokens as newReceiptToken makes them, one per row the chunk can hold, joined to the rows by their
    // position: PostgreSQL has no strong random bytes without pgcrypto, and Node's are what SQLite uses.
    const tokens = newReceiptTokens(now, chunkSize);
    // One statement, so the rows counted, inserted and the cursor all come from one snapshot of the table.
    const [result] = await queryRows<{ last: number | string | null; inserted: number | string }>(
      tx,
      sql`WITH chunk AS (
            SELECT ${subscriptions.id} AS subscription_id, row_number() OVER (ORDER BY ${subscriptions.id}) AS n
            FROM ${subscriptions}
            WHERE (${audienceWhere}) AND ${subscriptions.id} > ${cursor}
              AND ${subscriptions.createdAt} <= ${new Date(startedAt)}
            ORDER BY ${subscriptions.id} LIMIT ${chunkSize}
          ), inserted AS (
            INSERT INTO deliveries
              (campaign_id, subscription_id, status, attempts, next_attempt_at, receipt_token, created_at, updated_at)
            SELECT ${campaignId}::integer, chunk.subscription_id, 'queued', 0, ${dueAt}, token.value,
              ${now}::bigint, ${now}::bigint
            FROM chunk JOIN unnest(${sql.param(tokens)}::text[]) WITH ORDINALITY AS token(value, n) ON token.n = chunk.n
            ORDER BY chunk.n
            ON CONFLICT DO NOTHING
            RETURNING 1
          )
          SELECT (SELECT max(subscription_id) FROM chunk) AS last, (SELECT count(*) FROM inserted) AS inserted`,
    );
    const at = new Date(now);
    if (result?.last == null) {
      await queryRows(
        tx,
        sql`UPDATE campaigns SET snapshot_done_at = ${at}, updated_at = ${at} WHERE id = ${campaignId}`,
      );
      return DONE;
    }
    const inserted = Number(result.inserted);
    await queryRows(
      tx,
      sql`UPDATE campaigns SET snapshot_cursor = ${Number(result.last)}, targeted_count = targeted_count + ${inserted},
            updated_at = ${at} WHERE id = ${campaignId}`,
    );
    return { inserted, done: false };
  });
}
