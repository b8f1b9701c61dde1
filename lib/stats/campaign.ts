// A campaign's delivery history: funnel, accepted/shown/clicked over time, split by push service,
// failures grouped by what they mean. Counts come from indexes (campaign id first), never a full scan.
import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tables } from "@/lib/db/app-db";
import type { PushService } from "@/lib/db/schema/enums";
import type { CampaignCounters } from "@/lib/campaigns/queries";
import { explainFailure } from "./failure-reasons";

export type FunnelStep = { key: "targeted" | "accepted" | "shown" | "clicked"; label: string; value: number };

export function campaignFunnel(c: CampaignCounters): FunnelStep[] {
  return [
    { key: "targeted", label: "Targeted", value: c.targeted },
    { key: "accepted", label: "Accepted", value: c.accepted },
    { key: "shown", label: "Shown", value: c.shown },
    { key: "clicked", label: "Clicked", value: c.clicked },
  ];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Buckets that give a readable chart: minutes for the first two hours, hours up to three days, then days. */
export function bucketSizeMs(spanMs: number): number {
  if (spanMs <= 2 * HOUR) return MINUTE;
  if (spanMs <= 3 * DAY) return HOUR;
  return DAY;
}

export type TimelinePoint = { at: number; accepted: number; shown: number; clicked: number };
export type Timeline = { bucketMs: number; points: TimelinePoint[] };

const MAX_POINTS = 200;

/** Events from `from` to `to` (ms) in even buckets, every bucket present so the chart's axis is honest. */
export async function campaignTimeline(
  db: Db,
  campaignId: number,
  range: { from: number; to: number },
): Promise<Timeline> {
  const { deliveries, receipts } = db.tables;
  const bucketMs = bucketSizeMs(Math.max(0, range.to - range.from));
  const start = Math.floor(range.from / bucketMs) * bucketMs;
  const lastBucket = Math.floor(Math.max(range.to, range.from) / bucketMs) * bucketMs;
  // inlined as an integer literal: a bound JS number is a REAL to SQLite, which would not floor the division.
  // Both engines keep these times as integer ms (bigint on PostgreSQL), so one integer division floors
  // them to the same UTC-aligned buckets; a literal also keeps PostgreSQL's GROUP BY matching the select.
  const size = sql.raw(String(Math.trunc(bucketMs)));
  const bucketOf = (column: Tables["deliveries"]["acceptedAt"] | Tables["receipts"]["createdAt"]) =>
    sql<number>`(${column} / ${size}) * ${size}`;

  // a button click ("action") is a click: one per delivery however it was reported
  const clickOrShown = sql<"shown" | "clicked">`case when ${receipts.kind} = 'shown' then 'shown' else 'clicked' end`;
  const accepted = await db
    .select({ at: bucketOf(deliveries.acceptedAt), n: count() })
    .from(deliveries)
    .where(and(eq(deliveries.campaignId, campaignId), isNotNull(deliveries.acceptedAt)))
    .groupBy(bucketOf(deliveries.acceptedAt));
  const receiptsByKind = await db
    .select({
      at: bucketOf(receipts.createdAt),
      kind: clickOrShown,
      n: sql<number>`count(distinct ${receipts.deliveryId})`,
    })
    .from(receipts)
    .where(and(eq(receipts.campaignId, campaignId), inArray(receipts.kind, ["shown", "clicked", "action"])))
    .groupBy(bucketOf(receipts.createdAt), clickOrShown);

  const points = new Map<number, TimelinePoint>();
  const point = (at: number) => {
    let p = points.get(at);
    if (!p) points.set(at, (p = { at, accepted: 0, shown: 0, clicked: 0 }));
    return p;
  };
  for (let at = start; at <= lastBucket && points.size < MAX_POINTS; at += bucketMs) point(at);
  for (const r of accepted) point(Number(r.at)).accepted += r.n;
  for (const r of receiptsByKind) point(Number(r.at))[r.kind === "shown" ? "shown" : "clicked"] += Number(r.n);
  return { bucketMs, points: [...points.values()].sort((a, b) => a.at - b.at) };
}

export type PushServiceRow = {
  pushService: PushService;
  targeted: number;
  accepted: number;
  failed: number;
  expired: number;
  shown: number;
  clicked: number;
};

export async function campaignByPushService(db: Db, campaignId: number): Promise<PushServiceRow[]> {
  const { deliveries, receipts, subscriptions } = db.tables;
  // sum() is a numeric (a string) on PostgreSQL: read through Number below
  const is = (status: string) => sql<number>`sum(case when ${deliveries.status} = ${status} then 1 else 0 end)`;
  const rows = await db
    .select({
      pushService: subscriptions.pushService,
      targeted: count(),
      accepted: is("accepted"),
      failed: is("failed"),
      expired: is("expired"),
    })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(eq(deliveries.campaignId, campaignId))
    .groupBy(subscriptions.pushService);
  const seen = await db
    .select({
      pushService: subscriptions.pushService,
      shown: sql<number>`count(distinct case when ${receipts.kind} = 'shown' then ${receipts.deliveryId} end)`,
      clicked: sql<number>`count(distinct case when ${receipts.kind} in ('clicked', 'action') then ${receipts.deliveryId} end)`,
    })
    .from(receipts)
    .innerJoin(deliveries, eq(deliveries.id, receipts.deliveryId))
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(eq(receipts.campaignId, campaignId))
    .groupBy(subscriptions.pushService);
  const receiptsOf = new Map(seen.map((r) => [r.pushService, r]));
  return rows
    .map((r) => ({
      pushService: r.pushService,
      targeted: r.targeted,
      accepted: Number(r.accepted ?? 0),
      failed: Number(r.failed ?? 0),
      expired: Number(r.expired ?? 0),
      shown: Number(receiptsOf.get(r.pushService)?.shown ?? 0),
      clicked: Number(receiptsOf.get(r.pushService)?.clicked ?? 0),
    }))
    .sort((a, b) => b.targeted - a.targeted || a.pushService.localeCompare(b.pushService));
}

export type FailureGroup = {
  status: "failed" | "expired";
  statusCode: number | null;
  title: string;
  explanation: string;
  retryable: boolean;
  count: number;
  /** One reason as the push service or the sender put it (the most frequent). */
  sampleReason: string | null;
};

/** Failed and expired deliveries grouped by status code and meaning, most frequent first. */
export async function campaignFailures(db: Db, campaignId: number): Promise<FailureGroup[]> {
  const { deliveries } = db.tables;
  const rows = await db
    .select({ status: deliveries.status, statusCode: deliveries.statusCode, error: deliveries.error, n: count() })
    .from(deliveries)
    .where(and(eq(deliveries.campaignId, campaignId), inArray(deliveries.status, ["failed", "expired"])))
    .groupBy(deliveries.status, deliveries.statusCode, deliveries.error)
    .orderBy(sql`count(*) desc`)
    .limit(500);
  const groups = new Map<string, FailureGroup>();
  for (const r of rows) {
    const meaning = explainFailure(r.statusCode, r.error);
    const key = `${r.status}|${r.statusCode}|${meaning.title}|${meaning.retryable}`;
    const group = groups.get(key);
    if (group) group.count += r.n;
    else
      groups.set(key, {
        status: r.status as "failed" | "expired",
        statusCode: r.statusCode,
        ...meaning,
        count: r.n,
        sampleReason: r.error,
      });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.statusCode ?? 1000) - (b.statusCode ?? 1000));
}
