// Read side of the campaigns screens: list, one campaign, its progress (the delivery log is delivery-log.ts).
import { campaignOutcome, progressPercent, type CampaignOutcome } from "./outcome";
import { and, count, desc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tables } from "@/lib/db/app-db";
import type { CampaignAction, CampaignAudience } from "@/lib/db/schema/campaigns";
import type { CampaignSource, CampaignStatus, Urgency } from "@/lib/db/schema/enums";
import { countAudience } from "@/lib/audience/compile";
import { CampaignNotFoundError } from "./errors";
import { exactCampaignRow, pendingCountersColumn, withPendingCounters } from "./pending-counters";

type CampaignRow = Tables["campaigns"]["$inferSelect"];

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

/** The campaign's row, its counters exact: on PostgreSQL with the deltas not yet folded (./pending-counters.ts). */
async function campaignRow(db: Db, id: number): Promise<CampaignRow> {
  const row = await exactCampaignRow(db, id);
  if (!row) throw new CampaignNotFoundError(id);
  return row;
}

export async function getCampaign(db: Db, id: number): Promise<CampaignDto> {
  return toCampaignDto(await campaignRow(db, id));
}

/** Clicks per accepted message, or null before anything was accepted. */
export function clickThroughRate(c: Pick<CampaignCounters, "accepted" | "clicked">): number | null {
  return c.accepted > 0 ? c.clicked / c.accepted : null;
}

export type CampaignListFilter = { status?: CampaignStatus; q?: string; page?: number; pageSize?: number };
export type CampaignListItem = {
  id: number;
  /** The name an API send gave itself, else the title. */
  title: string;
  /** "sent through the API · <key name>" for an API send, null for the dashboard's own. */
  via: string | null;
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

/** How the list marks an API send: by the key it came with ("deleted key" once the key is gone). */
export function sourceLabel(source: CampaignSource, apiKeyName: string | null): string | null {
  return source === "api" ? `sent through the API · ${apiKeyName ?? "deleted key"}` : null;
}

// LIKE wildcards in the search text are literal: "50%" finds "50% off", not everything.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCampaigns(db: Db, filter: CampaignListFilter, now: Date = new Date()): Promise<CampaignList> {
  const { campaigns, apiKeys } = db.tables;
  const pageSize = Math.min(Math.max(filter.pageSize ?? CAMPAIGN_PAGE_SIZE, 1), 100);
  const q = filter.q?.trim();
  // lower() on both sides: LIKE ignores case on SQLite but not on PostgreSQL
  const like = (column: SQL) => sql`lower(${column}) like lower(${`%${escapeLike(q ?? "")}%`}) escape '\\'`;
  const where = and(
    filter.status ? eq(campaigns.status, filter.status) : undefined,
    q ? or(like(sql`${campaigns.title}`), like(sql`${campaigns.name}`)) : undefined,
  );
  const [counted] = await db.select({ n: count() }).from(campaigns).where(where);
  const total = counted?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(filter.page ?? 1), 1), pageCount);
  const rows = await db
    .select({ row: campaigns, pending: pendingCountersColumn(db), apiKeyName: apiKeys.name })
    .from(campaigns)
    .leftJoin(apiKeys, eq(apiKeys.id, campaigns.apiKeyId))
    .where(where)
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const items: CampaignListItem[] = [];
  for (const found of rows) {
    const row = withPendingCounters(found.row, found.pending);
    const counters = countersOf(row);
    items.push({
      id: row.id,
      title: row.name ?? row.title,
      via: sourceLabel(row.source, found.apiKeyName),
      status: row.status,
      audienceSize: row.startedAt ? counters.targeted : await liveAudience(db, row.audience, now),
      counters,
      clickThroughRate: clickThroughRate(counters),
      scheduledAt: row.scheduledAt,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      createdAt: row.createdAt,
      outcome: campaignOutcome(row.status, counters),
    });
  }
  return { items, total, page, pageSize, pageCount };
}

/** How many subscriptions a draft's audience reaches now. */
async function liveAudience(db: Db, audience: CampaignAudience, now: Date): Promise<number | null> {
  try {
    return await countAudience(db, audience, now);
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

export async function getCampaignProgress(db: Db, id: number): Promise<CampaignProgress> {
  const { deliveries } = db.tables;
  const row = await campaignRow(db, id);
  const counters = countersOf(row);
  const unsettled = await db
    .select({ status: deliveries.status, n: count() })
    .from(deliveries)
    .where(
      and(eq(deliveries.campaignId, id), inArray(deliveries.status, ["queued", "sending", "retrying", "cancelled"])),
    )
    .groupBy(deliveries.status);
  const byStatus = new Map(unsettled.map((r) => [r.status, r.n]));
  const pending = (byStatus.get("queued") ?? 0) + (byStatus.get("sending") ?? 0) + (byStatus.get("retrying") ?? 0);
  const finished = row.status === "sent" || row.status === "cancelled";
  // retention deletes a finished campaign's delivery rows; what was cancelled is then what the counters do not account for
  const trimmed =
    finished &&
    byStatus.size === 0 &&
    (await db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.campaignId, id)).limit(1)).length ===
      0;
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

export type TestDevice = {
  id: number;
  endpoint: string;
  p256dh: string | null;
  auth: string | null;
  browser: string;
  platform: string;
};

const testDeviceColumns = (subscriptions: Tables["subscriptions"]) => ({
  id: subscriptions.id,
  endpoint: subscriptions.endpoint,
  p256dh: subscriptions.p256dh,
  auth: subscriptions.auth,
  browser: subscriptions.browser,
  platform: subscriptions.platform,
});

const ownActiveDevices = (subscriptions: Tables["subscriptions"], userId: number) =>
  and(
    eq(subscriptions.userId, userId),
    eq(subscriptions.status, "active"),
    isNotNull(subscriptions.p256dh),
    isNotNull(subscriptions.auth),
  );

/** The signed-in admin's own devices: "send a test to my devices". */
export async function listTestDevices(db: Db, userId: number): Promise<TestDevice[]> {
  const { subscriptions } = db.tables;
  return db
    .select(testDeviceColumns(subscriptions))
    .from(subscriptions)
    .where(ownActiveDevices(subscriptions, userId))
    .orderBy(subscriptions.id);
}
