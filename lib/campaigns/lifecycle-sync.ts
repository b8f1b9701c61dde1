// The verbs the sync sender (lib/sender/runner.ts, lib/sender/campaign-states.ts) calls, on the sync
// SQLite API: the same moves as ./lifecycle.ts (./lifecycle-moves.ts), applied through better-sqlite3.
// They go when the sender is async. sendCampaignNowSync is the scheduler's building block, also used by
// the engine benches and the queue tests' fixtures.
import { eq } from "drizzle-orm";
import type { SqliteDb } from "@/lib/db/client";
import * as tables from "@/lib/db/schema";
import { canTransition } from "./state-machine";
import {
  completableWhere,
  completeMove,
  dueWhere,
  moveWhere,
  pauseMove,
  refusal,
  sendNowMove,
  stateOf,
  type CampaignMove,
  type CampaignState,
} from "./lifecycle-moves";

const { campaigns } = tables;

function currentStatus(db: SqliteDb, campaignId: number) {
  return db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)).get()?.status;
}

function apply(db: SqliteDb, campaignId: number, move: CampaignMove): CampaignState {
  const row = db
    .update(campaigns)
    .set(move.values)
    .where(moveWhere(tables, campaignId, move))
    .returning()
    .get();
  if (!row) throw refusal(campaignId, currentStatus(db, campaignId), move.to);
  return stateOf(row);
}

/** sendCampaignNow (./lifecycle.ts) for sync callers. */
export function sendCampaignNowSync(db: SqliteDb, campaignId: number, now: Date): CampaignState {
  return apply(db, campaignId, sendNowMove(now));
}

/** pauseCampaign (./lifecycle.ts) for the sender's pause on errors. */
export function pauseCampaignSync(
  db: SqliteDb,
  campaignId: number,
  now: Date,
  reason: string | null = null,
): CampaignState {
  return apply(db, campaignId, pauseMove(now, reason));
}

/** completeCampaign (./lifecycle.ts) for the sender: null while work remains. */
export function completeCampaignSync(db: SqliteDb, campaignId: number, now: Date): CampaignState | null {
  const move = completeMove(now);
  const row = db
    .update(campaigns)
    .set(move.values)
    .where(completableWhere(tables, campaignId, move))
    .returning()
    .get();
  if (row) return stateOf(row);
  const status = currentStatus(db, campaignId);
  if (status === undefined || !canTransition(status, move.to)) throw refusal(campaignId, status, move.to);
  return null;
}

/** startDueCampaigns (./lifecycle.ts) for the sender's scheduler tick. */
export function startDueCampaignsSync(db: SqliteDb, now: Date): number[] {
  const move = sendNowMove(now);
  return db
    .update(campaigns)
    .set(move.values)
    .where(dueWhere(tables, now))
    .returning({ id: campaigns.id })
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}
