// The campaign verbs: each checks the move against the state machine and applies it, with its effect
// on the delivery queue, in one IMMEDIATE transaction (so a sender never sees half a move).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries } from "@/lib/db/schema";
import type { CampaignStatus } from "@/lib/db/schema/enums";
import { canTransition } from "./state-machine";
import { CampaignNotFoundError, CampaignScheduleError, CampaignTransitionError } from "./errors";
import { repaceQueuedDeliveries } from "@/lib/delivery/pacing";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type CampaignRow = typeof campaigns.$inferSelect;
type CampaignPatch = Partial<typeof campaigns.$inferInsert>;

export type CampaignState = { id: number; status: CampaignStatus; statusReason: string | null };

function move(
  db: Db,
  campaignId: number,
  to: CampaignStatus,
  now: Date,
  patch: (row: CampaignRow) => CampaignPatch = () => ({}),
  effect?: (tx: Tx, row: CampaignRow) => void,
  from?: readonly CampaignStatus[],
): CampaignState {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).get();
      if (!row) throw new CampaignNotFoundError(campaignId);
      // the verb's own precondition too: "resume" is paused → sending, never draft → sending
      if (!canTransition(row.status, to) || (from && !from.includes(row.status)))
        throw new CampaignTransitionError(campaignId, row.status, to);
      const values = { ...patch(row), status: to, updatedAt: now };
      tx.update(campaigns)
        .set(values)
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, row.status)))
        .run();
      effect?.(tx, row);
      return {
        id: campaignId,
        status: to,
        statusReason: "statusReason" in values ? (values.statusReason ?? null) : row.statusReason,
      };
    },
    { behavior: "immediate" },
  );
}

/** draft → scheduled: the scheduler starts it at `at`. */
export function scheduleCampaign(db: Db, campaignId: number, at: Date, now: Date): CampaignState {
  if (Number.isNaN(at.getTime())) throw new CampaignScheduleError("The send time is not a valid date");
  if (at.getTime() <= now.getTime()) throw new CampaignScheduleError("The send time must be in the future");
  return move(db, campaignId, "scheduled", now, () => ({ scheduledAt: at, statusReason: null }));
}

/** scheduled → draft: back to editing, nothing was sent. */
export function unscheduleCampaign(db: Db, campaignId: number, now: Date): CampaignState {
  return move(db, campaignId, "draft", now, () => ({ scheduledAt: null }));
}

/**
 * draft | scheduled → sending. The audience is resolved from this moment: the sender writes the
 * snapshot in chunks (subscriptions created later are left out), starting at cursor 0.
 */
export function sendCampaignNow(db: Db, campaignId: number, now: Date): CampaignState {
  return move(
    db,
    campaignId,
    "sending",
    now,
    () => ({ startedAt: now, snapshotCursor: 0, snapshotDoneAt: null, statusReason: null }),
    undefined,
    ["draft", "scheduled"],
  );
}

/** sending → paused: the claim only takes deliveries of sending campaigns, so the queue stops at once. */
export function pauseCampaign(db: Db, campaignId: number, now: Date, reason: string | null = null): CampaignState {
  return move(db, campaignId, "paused", now, () => ({ statusReason: reason }));
}

/** paused → sending: picks up the queued and retrying rows where they stopped. */
export function resumeCampaign(db: Db, campaignId: number, now: Date): CampaignState {
  return move(
    db,
    campaignId,
    "sending",
    now,
    () => ({ statusReason: null }),
    (_tx, row) => {
      // a rate-limited campaign must not burst through the rows that fell due while paused
      // (better-sqlite3 is synchronous: the same connection runs this inside the transaction)
      if (row.sendRatePerMinute) repaceQueuedDeliveries(db, campaignId, row.sendRatePerMinute, now.getTime());
    },
    ["paused"],
  );
}

/** scheduled | sending | paused → cancelled: queued and retrying rows are cancelled at once. */
export function cancelCampaign(db: Db, campaignId: number, now: Date): CampaignState {
  return move(
    db,
    campaignId,
    "cancelled",
    now,
    // a pause's reason ("Paused automatically: …") no longer describes a cancelled campaign
    () => ({ completedAt: now, statusReason: null }),
    (tx) => {
      const retrying = tx
        .update(deliveries)
        .set({ status: "cancelled", updatedAt: now.getTime() })
        .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.status, "retrying")))
        .run().changes;
      tx.update(deliveries)
        .set({ status: "cancelled", updatedAt: now.getTime() })
        .where(and(eq(deliveries.campaignId, campaignId), eq(deliveries.status, "queued")))
        .run();
      if (retrying > 0) {
        tx.update(campaigns)
          .set({ retryingCount: sql`max(0, ${campaigns.retryingCount} - ${retrying})` })
          .where(eq(campaigns.id, campaignId))
          .run();
      }
    },
  );
}

/**
 * sending → sent once the snapshot is written and no delivery is queued, sending or retrying.
 * Returns null (and changes nothing) while work remains.
 */
export function completeCampaign(db: Db, campaignId: number, now: Date): CampaignState | null {
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ status: campaigns.status, snapshotDoneAt: campaigns.snapshotDoneAt })
        .from(campaigns)
        .where(eq(campaigns.id, campaignId))
        .get();
      if (!row) throw new CampaignNotFoundError(campaignId);
      if (!canTransition(row.status, "sent")) throw new CampaignTransitionError(campaignId, row.status, "sent");
      if (!row.snapshotDoneAt) return null;
      const pending = tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(eq(deliveries.campaignId, campaignId), inArray(deliveries.status, ["queued", "sending", "retrying"])),
        )
        .limit(1)
        .get();
      if (pending) return null;
      tx.update(campaigns)
        .set({ status: "sent", completedAt: now, updatedAt: now })
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "sending")))
        .run();
      return { id: campaignId, status: "sent" as const, statusReason: null };
    },
    { behavior: "immediate" },
  );
}

/** The scheduler's verb: every scheduled campaign whose time has come starts sending. */
export function startDueCampaigns(db: Db, now: Date): number[] {
  const due = db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, "scheduled"), sql`${campaigns.scheduledAt} <= ${now.getTime()}`))
    .all();
  const started: number[] = [];
  for (const { id } of due) {
    try {
      sendCampaignNow(db, id, now);
      started.push(id);
    } catch (error) {
      // another worker started it (or an admin unscheduled it) between the read and the move
      if (!(error instanceof CampaignTransitionError)) throw error;
    }
  }
  return started;
}
