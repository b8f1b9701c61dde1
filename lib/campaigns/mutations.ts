// Draft verbs: what the composer saves, duplicate and delete. Moves between statuses live in lifecycle.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries } from "@/lib/db/schema";
import type { CampaignAction } from "@/lib/db/schema/campaigns";
import type { ComposerData } from "./composer-schema";
import { MAX_TITLE } from "./composer-schema";
import { canEditCampaign } from "./state-machine";
import { CampaignNotFoundError, CampaignTransitionError } from "./errors";
import { composedFields } from "./queries";
import { RETRYABLE_FAILURE_SQL } from "@/lib/stats/failure-reasons";

type Insert = typeof campaigns.$inferInsert;

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
export function createDraft(db: Db, data: ComposerData, createdBy: number | null, now: Date): number {
  return db
    .insert(campaigns)
    .values({ ...contentColumns(data), status: "draft", createdBy, createdAt: now, updatedAt: now })
    .returning({ id: campaigns.id })
    .get().id;
}

function currentStatus(db: Pick<Db, "select">, id: number) {
  const row = db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw new CampaignNotFoundError(id);
  return row.status;
}

/** Only drafts change: a scheduled campaign's content is what will be sent (unschedule it first). */
export function updateDraft(db: Db, id: number, data: ComposerData, now: Date): void {
  db.transaction(
    (tx) => {
      const status = currentStatus(tx, id);
      if (!canEditCampaign(status)) throw new CampaignTransitionError(id, status, "draft");
      tx.update(campaigns)
        .set({ ...contentColumns(data), updatedAt: now })
        .where(and(eq(campaigns.id, id), eq(campaigns.status, "draft")))
        .run();
    },
    { behavior: "immediate" },
  );
}

const COPY_SUFFIX = " (copy)";

/** Any campaign, whatever its status, becomes a new draft with the same content, options and audience. */
export function duplicateCampaign(db: Db, id: number, createdBy: number | null, now: Date): number {
  const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw new CampaignNotFoundError(id);
  const title =
    row.title.length + COPY_SUFFIX.length > MAX_TITLE ? row.title.slice(0, MAX_TITLE - COPY_SUFFIX.length) : row.title;
  return db
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
    .returning({ id: campaigns.id })
    .get().id;
}

/** Only a draft may be deleted: anything that was scheduled or sent keeps its history. */
export function deleteDraft(db: Db, id: number): void {
  db.transaction(
    (tx) => {
      const status = currentStatus(tx, id);
      if (status !== "draft") throw new CampaignTransitionError(id, status, "draft");
      tx.delete(campaigns)
        .where(and(eq(campaigns.id, id), eq(campaigns.status, "draft")))
        .run();
    },
    { behavior: "immediate" },
  );
}

/**
 * Failed deliveries whose failure was transient (gave up retrying, TTL ran out while throttled, 429,
 * 5xx, no answer) go back to the queue with fresh attempts. Only while the campaign is sending or
 * paused: a finished campaign stays finished (duplicate it instead). Returns how many were queued.
 */
export function retryFailedDeliveries(db: Db, id: number, now: Date): number {
  return db.transaction(
    (tx) => {
      const status = currentStatus(tx, id);
      if (status !== "sending" && status !== "paused") throw new CampaignTransitionError(id, status, "sending");
      const changed = tx
        .update(deliveries)
        .set({
          status: "queued",
          attempts: 0,
          nextAttemptAt: now.getTime(),
          leaseUntil: null,
          updatedAt: now.getTime(),
        })
        .where(and(eq(deliveries.campaignId, id), eq(deliveries.status, "failed"), RETRYABLE_FAILURE_SQL))
        .run().changes;
      if (changed > 0) {
        tx.update(campaigns)
          .set({ failedCount: sql`max(0, ${campaigns.failedCount} - ${changed})`, updatedAt: now })
          .where(and(eq(campaigns.id, id), inArray(campaigns.status, ["sending", "paused"])))
          .run();
      }
      return changed;
    },
    { behavior: "immediate" },
  );
}
