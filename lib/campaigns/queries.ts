// Read side of the campaigns screens: list, one campaign, its progress (the delivery log is delivery-log.ts).
import { campaignOutcome, progressPercent, type CampaignOutcome } from "./outcome";
import { and, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns, deliveries, subscriptions } from "@/lib/db/schema";
import type { CampaignAction, CampaignAudience } from "@/lib/db/schema/campaigns";
import type { CampaignStatus, Urgency } from "@/lib/db/schema/enums";
import { countAudienceSync } from "@/lib/audience/compile-sync";
import { CampaignNotFoundError } from "./errors";

type CampaignRow = typeof campaigns.$inferSelect;

export type CampaignCounters = {
  targeted: number;
  accepted: number;
  retrying: number;
  failed: number;
  expired: number;
  shown: number;
  clicked: number;
  closed: number;
};

export type CampaignDto = {
  id: number;
  title: string;
  body: string;
  icon: string | null;
  image: string | null;
  badge: string | null;
  url: string | null;
  actions: CampaignAction[];
  tag: string | null;
  renotify: boolean;
  requireInteraction: boolean;
  silent: boolean;
  appBadge: number | null;
  ttl: number;
  urgency: Urgency;
  topic: string | null;
  sendRatePerMinute: number | null;
  audience: CampaignAudience;
  status: CampaignStatus;
  statusReason: string | null;
  scheduledAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  counters: CampaignCounters;
};

export function countersOf(row: CampaignRow): CampaignCounters {
  return {
    targeted: row.targetedCount,
    accepted: row.acceptedCount,
    retrying: row.retryingCount,
    failed: row.failedCount,
    expired: row.expiredCount,
    shown: row.shownCount,
    clicked: row.clickedCount,
    closed: row.closedCount,
  };
}

/** What an admin composed, apart from the title: shown by the DTO and carried over by "duplicate". */
export function composedFields(row: CampaignRow) {
  return {
    body: row.body,
    icon: row.icon,
    image: row.image,
    badge: row.badge,
    url: row.url,
    actions: row.actions,
    tag: row.tag,
    renotify: row.renotify,
    requireInteraction: row.requireInteraction,
    silent: row.silent,
    appBadge: row.appBadge,
    ttl: row.ttl,
    urgency: row.urgency,
    topic: row.topic,
    sendRatePerMinute: row.sendRatePerMinute,
    audience: row.audience,
  };
}

export function toCampaignDto(row: CampaignRow): CampaignDto {
  return {
    id: row.id,
    title: row.title,
    ...composedFields(row),
    status: row.status,
    statusReason: row.statusReason,
    scheduledAt: row.scheduledAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    counters: countersOf(row),
  };
}

export function getCampaign(db: Db, id: number): CampaignDto {
  const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw new CampaignNotFoundError(id);
  return toCampaignDto(row);
}

/** Clicks per accepted message, or null before anything was accepted. */
export function clickThroughRate(c: Pick<CampaignCounters, "accepted" | "clicked">): number | null {
  return c.accepted > 0 ? c.clicked / c.accepted : null;
}

export type CampaignListFilter = { status?: CampaignStatus; q?: string; page?: number; pageSize?: number };
export type CampaignListItem = {
  id: number;
  title: string;
  status: CampaignStatus;
  /** Targeted once sending started; before that, the audience's live size (null if it no longer compiles). */
  audienceSize: number | null;
  counters: CampaignCounters;
  clickThroughRate: number | null;
  scheduledAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  outcome: CampaignOutcome;
};
export type CampaignList = {
  items: CampaignListItem[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
};

export const CAMPAIGN_PAGE_SIZE = 20;

// LIKE wildcards in the search text are literal: "50%" finds "50% off", not everything.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function listCampaigns(db: Db, filter: CampaignListFilter = {}, now: Date = new Date()): CampaignList {
  const pageSize = Math.min(Math.max(filter.pageSize ?? CAMPAIGN_PAGE_SIZE, 1), 100);
  const q = filter.q?.trim();
  const where = and(
    filter.status ? eq(campaigns.status, filter.status) : undefined,
    q ? sql`${campaigns.title} like ${`%${escapeLike(q)}%`} escape '\\'` : undefined,
  );
  const total = db.select({ n: count() }).from(campaigns).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(filter.page ?? 1), 1), pageCount);
  const rows = db
    .select()
    .from(campaigns)
    .where(where)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const items = rows.map((row): CampaignListItem => {
    const counters = countersOf(row);
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      audienceSize: row.startedAt ? counters.targeted : liveAudience(db, row.audience, now),
      counters,
      clickThroughRate: clickThroughRate(counters),
      scheduledAt: row.scheduledAt,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      createdAt: row.createdAt,
      outcome: campaignOutcome(row.status, counters),
    };
  });
  return { items, total, page, pageSize, pageCount };
}

function liveAudience(db: Db, audience: CampaignAudience, now: Date): number | null {
  try {
    return countAudienceSync(db, audience, now);
  } catch {
    return null; // a deleted or broken segment: the detail page says which
  }
}

export type CampaignProgress = CampaignCounters & {
  id: number;
  status: CampaignStatus;
  statusReason: string | null;
  snapshotDone: boolean;
  /** lib/campaigns/outcome.ts progressPercent: settled over targeted; 100 once sent. */
  percent: number;
  outcome: CampaignOutcome;
  pending: number;
  cancelled: number;
};

export function getCampaignProgress(db: Db, id: number): CampaignProgress {
  const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw new CampaignNotFoundError(id);
  const counters = countersOf(row);
  const byStatus = new Map(
    db
      .select({ status: deliveries.status, n: count() })
      .from(deliveries)
      .where(
        and(eq(deliveries.campaignId, id), inArray(deliveries.status, ["queued", "sending", "retrying", "cancelled"])),
      )
      .groupBy(deliveries.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const pending = (byStatus.get("queued") ?? 0) + (byStatus.get("sending") ?? 0) + (byStatus.get("retrying") ?? 0);
  const finished = row.status === "sent" || row.status === "cancelled";
  // retention deletes a finished campaign's delivery rows; what was cancelled is then what the counters do not account for
  const trimmed =
    finished &&
    byStatus.size === 0 &&
    !db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.campaignId, id)).limit(1).get();
  const cancelled = trimmed
    ? Math.max(0, counters.targeted - counters.accepted - counters.failed - counters.expired)
    : (byStatus.get("cancelled") ?? 0);
  return {
    ...counters,
    id,
    status: row.status,
    statusReason: row.statusReason,
    snapshotDone: row.snapshotDoneAt !== null,
    percent: progressPercent(row.status, counters),
    outcome: campaignOutcome(row.status, counters),
    pending,
    cancelled,
  };
}

/** The signed-in admin's own devices: "send a test to my devices". */
export function listTestDevices(db: Db, userId: number) {
  return db
    .select({
      id: subscriptions.id,
      endpoint: subscriptions.endpoint,
      p256dh: subscriptions.p256dh,
      auth: subscriptions.auth,
      browser: subscriptions.browser,
      platform: subscriptions.platform,
    })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.userId, userId),
        eq(subscriptions.status, "active"),
        isNotNull(subscriptions.p256dh),
        isNotNull(subscriptions.auth),
      ),
    )
    .orderBy(subscriptions.id)
    .all();
}
