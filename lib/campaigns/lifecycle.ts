// The campaign verbs an admin triggers, and the scheduler's and sender's own, on the async database
// API (SQLite and PostgreSQL). Each move is one conditional UPDATE (./lifecycle-moves.ts): the status
// check and the write are one statement, so two admins, or an admin and a sender, racing on one
// campaign cannot both win — the loser's UPDATE matches no row (on PostgreSQL it waits for the winner's
// row lock, then re-checks the status) and it gets the refusal. A move with an effect on the delivery
// queue runs in one transaction with it, so a sender never sees half a move.
import { and, eq } from "drizzle-orm";
import { changedRows, type Db } from "@/lib/db/app-db";
import { addCounterDeltas, foldCounterDeltas } from "@/lib/delivery/counter-deltas";
import { repaceQueuedDeliveries } from "@/lib/delivery/pacing";
import { canTransition } from "./state-machine";
import {
  CANCELLED_ON_CANCEL,
  cancelMove,
  completableWhere,
  completeMove,
  dueWhere,
  moveWhere,
  pauseMove,
  refusal,
  resumeMove,
  retryingCountLess,
  scheduleMove,
  sendNowMove,
  stateOf,
  unscheduleMove,
  type CampaignMove,
  type CampaignState,
} from "./lifecycle-moves";

export type { CampaignState } from "./lifecycle-moves";

type CampaignRow = Db["tables"]["campaigns"]["$inferSelect"];

async function currentStatus(db: Db, campaignId: number) {
  const { campaigns } = db.tables;
  const [row] = await db
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  return row?.status;
}

/** Applies the move, or throws why not; `effect` runs in the same transaction once the move won. */
async function apply(
  db: Db,
  campaignId: number,
  move: CampaignMove,
  effect?: (tx: Db, row: CampaignRow) => Promise<void>,
): Promise<CampaignState> {
  const run = async (tx: Db) => {
    const { campaigns } = tx.tables;
    const [row] = await tx
      .update(campaigns)
      .set(move.values)
      .where(moveWhere(tx.tables, campaignId, move))
      .returning();
    if (!row) throw refusal(campaignId, await currentStatus(tx, campaignId), move.to);
    await effect?.(tx, row);
    return stateOf(row);
  };
  return effect ? db.transaction(run) : run(db);
}

/** draft → scheduled: the scheduler starts it at `at`. */
export async function scheduleCampaign(db: Db, campaignId: number, at: Date, now: Date): Promise<CampaignState> {
  return apply(db, campaignId, scheduleMove(at, now));
}

/** scheduled → draft: back to editing, nothing was sent. */
export async function unscheduleCampaign(db: Db, campaignId: number, now: Date): Promise<CampaignState> {
  return apply(db, campaignId, unscheduleMove(now));
}

/** draft | scheduled → sending; the sender writes the audience snapshot from this moment on. */
export async function sendCampaignNow(db: Db, campaignId: number, now: Date): Promise<CampaignState> {
  return apply(db, campaignId, sendNowMove(now));
}

/** sending → paused: the claim only takes deliveries of sending campaigns, so the queue stops at once. */
export async function pauseCampaign(
  db: Db,
  campaignId: number,
  now: Date,
  reason: string | null = null,
): Promise<CampaignState> {
  return apply(db, campaignId, pauseMove(now, reason));
}

/** paused → sending: picks up the queued and retrying rows where they stopped. */
export async function resumeCampaign(db: Db, campaignId: number, now: Date): Promise<CampaignState> {
  return apply(db, campaignId, resumeMove(now), async (tx, row) => {
    // a rate-limited campaign must not burst through the rows that fell due while paused
    if (row.sendRatePerMinute) await repaceQueuedDeliveries(tx, campaignId, row.sendRatePerMinute, now.getTime());
  });
}

/** scheduled | sending | paused → cancelled: queued and retrying rows are cancelled at once. */
export async function cancelCampaign(db: Db, campaignId: number, now: Date): Promise<CampaignState> {
  return apply(db, campaignId, cancelMove(now), async (tx) => {
    const { campaigns, deliveries } = tx.tables;
    const stop = (status: (typeof CANCELLED_ON_CANCEL)[number]) =>
      tx
        .update(deliveries)
        .set({ status: "cancelled", updatedAt: now.getTime() })
        .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.status, status)));
    const retrying = changedRows(await stop("retrying"));
    for (const status of CANCELLED_ON_CANCEL) if (status !== "retrying") await stop(status);
    if (retrying === 0) return;
    // PostgreSQL: a delta, as the queue writes them, so the clamp at 0 sees the deltas still pending
    if (tx.engine === "postgres") await addCounterDeltas(tx, [{ campaignId, retrying: -retrying }], now.getTime());
    else
      await tx
        .update(campaigns)
        .set({ retryingCount: retryingCountLess(tx.tables, retrying) })
        .where(eq(campaigns.id, campaignId));
  });
}

/**
 * sending → sent once the snapshot is written and no delivery is queued, sending or retrying.
 * Returns null (and changes nothing) while work remains.
 */
export async function completeCampaign(db: Db, campaignId: number, now: Date): Promise<CampaignState | null> {
  const move = completeMove(now);
  const complete = async (tx: Db) => {
    const { campaigns } = tx.tables;
    const [row] = await tx
      .update(campaigns)
      .set(move.values)
      .where(completableWhere(tx.tables, campaignId, move))
      .returning();
    // PostgreSQL: the campaign turns "sent" with exact counters. The fold comes after the check, in its
    // transaction: every delivery was settled at the check, so every delta of the campaign is committed
    // and the fold (a later snapshot, waiting for a fold that holds the campaign) takes them all.
    if (row && tx.engine === "postgres") await foldCounterDeltas(tx, [campaignId]);
    return row;
  };
  const row = db.engine === "postgres" ? await db.transaction(complete) : await complete(db);
  if (row) return stateOf(row);
  const status = await currentStatus(db, campaignId);
  if (status === undefined || !canTransition(status, move.to)) throw refusal(campaignId, status, move.to);
  return null;
}

/** The scheduler's verb: every scheduled campaign whose time has come starts sending (ids ascending). */
export async function startDueCampaigns(db: Db, now: Date): Promise<number[]> {
  const { campaigns } = db.tables;
  const move = sendNowMove(now);
  // one statement: a campaign unscheduled (or started by another worker) meanwhile is simply not matched
  const started = await db
    .update(campaigns)
    .set(move.values)
    .where(dueWhere(db.tables, now))
    .returning({ id: campaigns.id });
  return started.map((row) => row.id).sort((a, b) => a - b);
}
