// The audience snapshot: one delivery row per subscription, written in keyset chunks (INSERT … SELECT,
// one transaction each) so a million subscribers never sit in memory and a crash resumes at the cursor.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { subscriptions } from "@/lib/db/schema";
import { immediate, prepared } from "@/lib/db/prepared";
import { paceIntervalMs } from "./pacing";
import { registerTokenFunction } from "./tokens";

/**
 * Builds the where-condition over `subscriptions` for an audience (active rows, segments, topics);
 * `at` (the campaign's start) anchors relative rules such as "seen in the last 7 days".
 */
export type AudienceResolver = (db: Db, audience: CampaignAudience, at: Date) => SQL;

export const SNAPSHOT_CHUNK_SIZE = 5_000;

export type SnapshotProgress = { inserted: number; done: boolean };

type SnapshotCampaign = {
  status: string;
  audience: string;
  started_at: number | null;
  snapshot_cursor: number | null;
  snapshot_done_at: number | null;
  send_rate_per_minute: number | null;
  targeted_count: number;
};

/** Writes the next chunk of a sending campaign's snapshot; `done` once every subscriber is queued. */
export function snapshotChunk(
  db: Db,
  campaignId: number,
  options: { resolveAudience: AudienceResolver; now: number; chunkSize?: number },
): SnapshotProgress {
  const chunkSize = options.chunkSize ?? SNAPSHOT_CHUNK_SIZE;
  registerTokenFunction(db);
  return immediate(db, () => {
    const campaign = prepared(
      db,
      `SELECT status, audience, started_at, snapshot_cursor, snapshot_done_at, send_rate_per_minute, targeted_count
       FROM campaigns WHERE id = ?`,
    ).get(campaignId) as SnapshotCampaign | undefined;
    if (!campaign || campaign.snapshot_done_at !== null) return { inserted: 0, done: true };
    if (campaign.status !== "sending" && campaign.status !== "paused") return { inserted: 0, done: true };
    const startedAt = campaign.started_at ?? options.now;
    const cursor = campaign.snapshot_cursor ?? 0;
    const audienceWhere = options.resolveAudience(
      db,
      JSON.parse(campaign.audience) as CampaignAudience,
      new Date(startedAt),
    );
    // subscriptions made after the campaign started are not part of "the audience at that moment"
    const where = sql`(${audienceWhere}) AND ${subscriptions.id} > ${cursor} AND ${subscriptions.createdAt} <= ${startedAt}`;

    const last = db.get<{ last: number | null }>(
      sql`SELECT max(id) AS last FROM (SELECT ${subscriptions.id} AS id FROM ${subscriptions} WHERE ${where}
          ORDER BY ${subscriptions.id} LIMIT ${chunkSize})`,
    );
    if (last?.last == null) {
      prepared(db, `UPDATE campaigns SET snapshot_done_at = ?, updated_at = ? WHERE id = ?`).run(
        options.now,
        options.now,
        campaignId,
      );
      return { inserted: 0, done: true };
    }

    const interval = paceIntervalMs(campaign.send_rate_per_minute);
    const dueAt =
      interval > 0
        ? sql`${startedAt} + CAST((${campaign.targeted_count} + row_number() OVER (ORDER BY ${subscriptions.id}) - 1) * ${interval} AS INTEGER)`
        : sql`0`;
    const result = db.run(
      sql`INSERT OR IGNORE INTO deliveries
            (campaign_id, subscription_id, status, attempts, next_attempt_at, receipt_token, created_at, updated_at)
          SELECT ${campaignId}, ${subscriptions.id}, 'queued', 0, ${dueAt}, pushboard_receipt_token(${options.now}), ${options.now}, ${options.now}
          FROM ${subscriptions} WHERE ${where} AND ${subscriptions.id} <= ${last.last}
          ORDER BY ${subscriptions.id}`,
    );
    prepared(
      db,
      `UPDATE campaigns SET snapshot_cursor = ?, targeted_count = targeted_count + ?, updated_at = ? WHERE id = ?`,
    ).run(last.last, result.changes, options.now, campaignId);
    return { inserted: result.changes, done: false };
  });
}

/** Writes the whole snapshot, chunk after chunk (each chunk is its own transaction). */
export function snapshotCampaign(
  db: Db,
  campaignId: number,
  options: { resolveAudience: AudienceResolver; now: number; chunkSize?: number },
): number {
  let total = 0;
  for (;;) {
    const { inserted, done } = snapshotChunk(db, campaignId, options);
    total += inserted;
    if (done) return total;
  }
}
