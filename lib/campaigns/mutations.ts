// Draft verbs: what the composer saves, duplicate and delete. Moves between statuses live in lifecycle.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import { changedRows, type Db, type Tables } from "@/lib/db/app-db";
import { addCounterDeltas } from "@/lib/delivery/counter-deltas";
import type { CampaignAction } from "@/lib/db/schema/campaigns";
import type { ComposerData } from "./composer-schema";
import { MAX_TITLE } from "./composer-schema";
import { canEditCampaign } from "./state-machine";
import { CampaignNotFoundError, CampaignTransitionError } from "./errors";
import { composedFields } from "./queries";
import { retryableFailure } from "@/lib/stats/failure-reasons";

type Insert = Tables["campaigns"]["$inferInsert"];

/** The server, not the form, names action buttons: the service worker reports clicks by these ids. */
export function withActionIds(actions: readonly { title: string; url?: string }[]): CampaignAction[] {
  return actions.map((a, i) => ({ action: `action-${i + 1}`, title: a.title, ...(a.url ? { url: a.url } : {}) }));
}

// scheduledAt is not content: the lifecycle's scheduleCampaign sets it when the admin schedules.
function contentColumns(data: ComposerData): Omit<Insert, "audience"> & Pick<Insert, "audience"> {
  return {
    title: data.title,
    body: data.body,
    icon: data.icon ?? null,
    image: data.image ?? null,
    badge: data.badge ?? null,
    url: data.url ?? null,
    actions: withActionIds(data.actions),
    tag: data.tag ?? null,
    renotify: data.renotify,
    requireInteraction: data.requireInteraction,
    silent: data.silent,
    appBadge: data.appBadge ?? null,
    ttl: data.ttl,
    urgency: data.urgency,
    topic: data.topic ?? null,
    sendRatePerMinute: data.sendRatePerMinute ?? null,
    audience: data.audience,
  };
}

/** Input already parsed by the composer schema (the action does it). Returns the new draft's id. */
export async function createDraft(db: Db, data: ComposerData, createdBy: number | null, now: Date): Promise<number> {
  const { campaigns } = db.tables;
  const [row] = await db
    .insert(campaigns)
    .values({ ...contentColumns(data), status: "draft", createdBy, createdAt: now, updatedAt: now })
    .returning({ id: campaigns.id });
  return row!.id;
}

async function currentStatus(db: Db, id: number) {
  const { campaigns } = db.tables;
  const [row] = await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!row) throw new CampaignNotFoundError(id);
  return row.status;
}

/** Only drafts change: a scheduled campaign's content is what will be sent (unschedule it first). */
export async function updateDraft(db: Db, id: number, data: ComposerData, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const { campaigns } = tx.tables;
    const status = await currentStatus(tx, id);
    if (!canEditCampaign(status)) throw new CampaignTransitionError(id, status, "draft");
    await tx
      .update(campaigns)
      .set({ ...contentColumns(data), updatedAt: now })
      .where(and(eq(campaigns.id, id), eq(campaigns.status, "draft")));
  });
}

const COPY_SUFFIX = " (copy)";

/** Any campaign, whatever its status, becomes a new draft with the same content, options and audience. */
export async function duplicateCampaign(db: Db, id: number, createdBy: number | null, now: Date): Promise<number> {
  const { campaigns } = db.tables;
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!row) throw new CampaignNotFoundError(id);
  const title =
    row.title.length + COPY_SUFFIX.length > MAX_TITLE ? row.title.slice(0, MAX_TITLE - COPY_SUFFIX.length) : row.title;
  const [copy] = await db
    .insert(campaigns)
    .values({
      title: `${title}${COPY_SUFFIX}`,
      ...composedFields(row),
      errorRateThreshold: row.errorRateThreshold,
      status: "draft",
      createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: campaigns.id });
  return copy!.id;
}

/** Only a draft may be deleted: anything that was scheduled or sent keeps its history. */
export async function deleteDraft(db: Db, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { campaigns } = tx.tables;
    const status = await currentStatus(tx, id);
    if (status !== "draft") throw new CampaignTransitionError(id, status, "draft");
    await tx.delete(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.status, "draft")));
  });
}

/**
 * Failed deliveries whose failure was transient (gave up retrying, TTL ran out while throttled, 429,
 * 5xx, no answer) go back to the queue with fresh attempts. Only while the campaign is sending or
 * paused: a finished campaign stays finished (duplicate it instead). Returns how many were queued.
 */
export async function retryFailedDeliveries(db: Db, id: number, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const { campaigns, deliveries } = tx.tables;
    const status = await currentStatus(tx, id);
    if (status !== "sending" && status !== "paused") throw new CampaignTransitionError(id, status, "sending");
    const changed = changedRows(
      await tx
        .update(deliveries)
        .set({
          status: "queued",
          attempts: 0,
          nextAttemptAt: now.getTime(),
          leaseUntil: null,
          updatedAt: now.getTime(),
        })
        .where(and(eq(deliveries.campaignId, id), eq(deliveries.status, "failed"), retryableFailure(deliveries))),
    );
    if (changed === 0) return 0;
    // PostgreSQL: a delta, as the queue writes them, so the fold's clamp at 0 sees the failures still
    // pending (lib/delivery/counter-deltas.ts); SQLite updates its counter at once
    const postgres = tx.engine === "postgres";
    if (postgres) await addCounterDeltas(tx, [{ campaignId: id, failed: -changed }], now.getTime());
    const lessFailed = sql<number>`max(0, ${campaigns.failedCount} - ${changed})`;
    await tx
      .update(campaigns)
      .set(postgres ? { updatedAt: now } : { failedCount: lessFailed, updatedAt: now })
      .where(and(eq(campaigns.id, id), inArray(campaigns.status, ["sending", "paused"])));
    return changed;
  });
}
