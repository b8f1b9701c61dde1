// GET /api/v1/notifications(/{id}) and DELETE /api/v1/notifications/{id}: every campaign, the
// dashboard's too (with its `source`), as the API's DTO. Counters are exact on both engines: the rows
// are read with PostgreSQL's pending counter deltas (lib/campaigns/pending-counters.ts).
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db, Tables } from "@/lib/db/app-db";
import type { CampaignSource, CampaignStatus } from "@/lib/db/schema/enums";
import { cancelCampaign } from "@/lib/campaigns/lifecycle";
import { CampaignNotFoundError, CampaignTransitionError } from "@/lib/campaigns/errors";
import { campaignOutcome, type CampaignOutcomeKind } from "@/lib/campaigns/outcome";
import { countersOf, type CampaignCounters } from "@/lib/campaigns/queries";
import { exactCampaignRow, pendingCountersColumn, withPendingCounters } from "@/lib/campaigns/pending-counters";
import { decodeCursor as decodeApiCursor, encodeCursor } from "@/lib/api/cursor";
import { InvalidCursorError, NotCancellableError } from "./errors";

type CampaignRow = Tables["campaigns"]["$inferSelect"];

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

export type NotificationDto = {
  id: number;
  name: string;
  title: string;
  status: CampaignStatus;
  /** What the status and the counters mean together ("sent_with_failures", "sent_to_nobody"…). */
  outcome: CampaignOutcomeKind;
  source: CampaignSource;
  createdAt: Date;
  /** When a scheduled send starts (null: sent at once). */
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  counters: CampaignCounters;
};

export type NotificationPage = { data: NotificationDto[]; nextCursor: string | null };

export function toNotificationDto(row: CampaignRow): NotificationDto {
  const counters = countersOf(row);
  return {
    id: row.id,
    name: row.name ?? row.title,
    title: row.title,
    status: row.status,
    outcome: campaignOutcome(row.status, counters).kind,
    source: row.source,
    createdAt: row.createdAt,
    scheduledAt: row.scheduledAt,
    startedAt: row.startedAt,
    finishedAt: row.completedAt,
    counters,
  };
}

export { encodeCursor };

/** The id a cursor stands for; InvalidCursorError (400) for anything we did not hand out. */
export function decodeCursor(cursor: string): number {
  const id = decodeApiCursor(cursor);
  if (id === null) throw new InvalidCursorError();
  return id;
}

export async function getApiNotification(db: Db, id: number): Promise<NotificationDto | null> {
  const row = await exactCampaignRow(db, id);
  return row ? toNotificationDto(row) : null;
}

/** Newest first (by id, which only grows), keyset-paginated: a page never skips or repeats a row. */
export async function listApiNotifications(
  db: Db,
  options: { cursor?: string; limit?: number; source?: CampaignSource } = {},
): Promise<NotificationPage> {
  const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_PAGE_LIMIT), 1), MAX_PAGE_LIMIT);
  const before = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const { campaigns } = db.tables;
  const rows = await db
    .select({ row: campaigns, pending: pendingCountersColumn(db) })
    .from(campaigns)
    .where(
      and(
        before === undefined ? undefined : lt(campaigns.id, before),
        options.source ? eq(campaigns.source, options.source) : undefined,
      ),
    )
    .orderBy(desc(campaigns.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((found) => toNotificationDto(withPendingCounters(found.row, found.pending)));
  const more = rows.length > limit;
  return { data: page, nextCursor: more ? encodeCursor(page[page.length - 1]!.id) : null };
}

/**
 * Cancels a scheduled, sending or paused notification (its queued deliveries are dropped at once) and
 * returns it; null when there is none. A finished one (or a dashboard draft) is a 409 conflict.
 */
export async function cancelApiNotification(db: Db, id: number, now: Date): Promise<NotificationDto | null> {
  try {
    await cancelCampaign(db, id, now);
  } catch (error) {
    if (error instanceof CampaignNotFoundError) return null;
    if (error instanceof CampaignTransitionError) throw new NotCancellableError(id, error.from);
    throw error;
  }
  return getApiNotification(db, id);
}
