// What each campaign verb does, as data: the statuses it may start from (the state machine's, narrowed
// by the verb's own precondition), the row it writes, and the SQL conditions it moves on. The async
// verbs (./lifecycle.ts) and the sender's sync ones (./lifecycle-sync.ts) both apply these, so the two
// cannot drift. A move is one conditional UPDATE … WHERE status IN (from) RETURNING: the check and the
// write are one statement, so of two racing verbs exactly one wins on SQLite and PostgreSQL alike.
import { and, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Tables } from "@/lib/db/app-db";
import { CAMPAIGN_STATUSES, type CampaignStatus, type DeliveryStatus } from "@/lib/db/schema/enums";
import { canTransition } from "./state-machine";
import { CampaignNotFoundError, CampaignScheduleError, CampaignTransitionError } from "./errors";

type CampaignRow = Tables["campaigns"]["$inferSelect"];
type CampaignPatch = Partial<Tables["campaigns"]["$inferInsert"]>;

export type CampaignState = { id: number; status: CampaignStatus; statusReason: string | null };

export type CampaignMove = {
  to: CampaignStatus;
  /** Where the move may start: every status the state machine lets reach `to`, and the verb allows. */
  from: readonly CampaignStatus[];
  values: CampaignPatch;
};

/** The statuses the state machine lets reach `to`, narrowed to `only` when the verb says so. */
export function startsOf(to: CampaignStatus, only?: readonly CampaignStatus[]): CampaignStatus[] {
  return CAMPAIGN_STATUSES.filter((from) => canTransition(from, to) && (!only || only.includes(from)));
}

function move(to: CampaignStatus, now: Date, values: CampaignPatch, only?: readonly CampaignStatus[]): CampaignMove {
  return { to, from: startsOf(to, only), values: { ...values, status: to, updatedAt: now } };
}

/** draft → scheduled: the scheduler starts it at `at`. */
export function scheduleMove(at: Date, now: Date): CampaignMove {
  if (Number.isNaN(at.getTime())) throw new CampaignScheduleError("The send time is not a valid date");
  if (at.getTime() <= now.getTime()) throw new CampaignScheduleError("The send time must be in the future");
  return move("scheduled", now, { scheduledAt: at, statusReason: null });
}

/** scheduled → draft: back to editing, nothing was sent. */
export function unscheduleMove(now: Date): CampaignMove {
  return move("draft", now, { scheduledAt: null });
}

/**
 * draft | scheduled → sending. The audience is resolved from this moment: the sender writes the
 * snapshot in chunks (subscriptions created later are left out), starting at cursor 0.
 */
export function sendNowMove(now: Date): CampaignMove {
  return move("sending", now, { startedAt: now, snapshotCursor: 0, snapshotDoneAt: null, statusReason: null }, [
    "draft",
    "scheduled",
  ]);
}

/** sending → paused: the claim only takes deliveries of sending campaigns, so the queue stops at once. */
export function pauseMove(now: Date, reason: string | null): CampaignMove {
  return move("paused", now, { statusReason: reason });
}

/** paused → sending ("resume" never starts a draft): picks up the queued and retrying rows where they stopped. */
export function resumeMove(now: Date): CampaignMove {
  return move("sending", now, { statusReason: null }, ["paused"]);
}

/** scheduled | sending | paused → cancelled. A pause's reason no longer describes a cancelled campaign. */
export function cancelMove(now: Date): CampaignMove {
  return move("cancelled", now, { completedAt: now, statusReason: null });
}

/** sending → sent, once nothing is left to do (completableWhere). */
export function completeMove(now: Date): CampaignMove {
  return move("sent", now, { completedAt: now });
}

/** The deliveries a cancel stops; those already sending land and are counted. */
export const CANCELLED_ON_CANCEL: readonly DeliveryStatus[] = ["queued", "retrying"];
/** Work that keeps a campaign from being sent. */
export const PENDING_DELIVERY_STATUSES: readonly DeliveryStatus[] = ["queued", "sending", "retrying"];

/** The move's condition: this campaign, in one of the statuses the move starts from. */
export function moveWhere(t: Tables, campaignId: number, move: CampaignMove): SQL {
  return and(eq(t.campaigns.id, campaignId), inArray(t.campaigns.status, move.from))!;
}

/** Scheduled campaigns whose time has come (the scheduler starts them all in one statement). */
export function dueWhere(t: Tables, now: Date): SQL {
  return and(inArray(t.campaigns.status, startsOf("sending", ["scheduled"])), lte(t.campaigns.scheduledAt, now))!;
}

/** Sending, snapshot written, and no delivery queued, sending or retrying. */
export function completableWhere(t: Tables, campaignId: number, move: CampaignMove): SQL {
  const { campaigns, deliveries } = t;
  return and(
    moveWhere(t, campaignId, move),
    sql`${campaigns.snapshotDoneAt} IS NOT NULL`,
    sql`NOT EXISTS (SELECT 1 FROM ${deliveries} WHERE ${deliveries.campaignId} = ${campaignId}
      AND ${inArray(deliveries.status, [...PENDING_DELIVERY_STATUSES])})`,
  )!;
}

/** retrying_count less the retrying rows a cancel stopped, never below 0 (portable: no max/greatest). */
export function retryingCountLess(t: Tables, stopped: number): SQL {
  const count = t.campaigns.retryingCount;
  return sql`CASE WHEN ${count} > ${stopped} THEN ${count} - ${stopped} ELSE 0 END`;
}

export function stateOf(row: Pick<CampaignRow, "id" | "status" | "statusReason">): CampaignState {
  return { id: row.id, status: row.status, statusReason: row.statusReason };
}

/** Why a move changed nothing, from the campaign's status read after it (undefined: no such campaign). */
export function refusal(campaignId: number, current: CampaignStatus | undefined, to: CampaignStatus): Error {
  return current === undefined
    ? new CampaignNotFoundError(campaignId)
    : new CampaignTransitionError(campaignId, current, to);
}
