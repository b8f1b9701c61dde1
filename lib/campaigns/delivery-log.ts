// A campaign's delivery log: one page for the campaign screen, keyset pages for the CSV export.
import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, subscriptions } from "@/lib/db/schema";
import type { DeliveryStatus } from "@/lib/db/schema/enums";

export type DeliveryLogFilter = { status?: DeliveryStatus; statusCode?: number; page?: number; pageSize?: number };
export type DeliveryLogRow = {
  id: number;
  subscriptionId: number;
  /** "#id · host": enough to tell subscribers apart; the endpoint itself never leaves the server. */
  subscription: string;
  pushService: string;
  status: DeliveryStatus;
  attempts: number;
  statusCode: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  acceptedAt: number | null;
};
export type DeliveryLog = { rows: DeliveryLogRow[]; total: number; page: number; pageSize: number; pageCount: number };

export const DELIVERY_PAGE_SIZE = 25;

function logWhere(campaignId: number, filter: Pick<DeliveryLogFilter, "status" | "statusCode">) {
  return and(
    eq(deliveries.campaignId, campaignId),
    filter.status ? eq(deliveries.status, filter.status) : undefined,
    filter.statusCode !== undefined ? eq(deliveries.statusCode, filter.statusCode) : undefined,
  );
}

const logColumns = {
  id: deliveries.id,
  subscriptionId: deliveries.subscriptionId,
  pushHost: subscriptions.pushHost,
  pushService: subscriptions.pushService,
  status: deliveries.status,
  attempts: deliveries.attempts,
  statusCode: deliveries.statusCode,
  error: deliveries.error,
  createdAt: deliveries.createdAt,
  updatedAt: deliveries.updatedAt,
  acceptedAt: deliveries.acceptedAt,
};

type LogRecord = Omit<DeliveryLogRow, "subscription"> & { pushHost: string };

function toLogRow({ pushHost, ...r }: LogRecord): DeliveryLogRow {
  return { ...r, subscription: `#${r.subscriptionId} · ${pushHost}` };
}

export function listDeliveries(db: Db, campaignId: number, filter: DeliveryLogFilter = {}): DeliveryLog {
  const pageSize = Math.min(Math.max(filter.pageSize ?? DELIVERY_PAGE_SIZE, 1), 200);
  const where = logWhere(campaignId, filter);
  const total = db.select({ n: count() }).from(deliveries).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(filter.page ?? 1), 1), pageCount);
  const rows = db
    .select(logColumns)
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(where)
    .orderBy(deliveries.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows: rows.map(toLogRow), total, page, pageSize, pageCount };
}

/** One keyset page of the log after `afterId` (the CSV export pulls these until empty). */
export function deliveryLogPage(
  db: Db,
  campaignId: number,
  filter: Pick<DeliveryLogFilter, "status" | "statusCode">,
  afterId: number,
  limit: number,
): DeliveryLogRow[] {
  return db
    .select(logColumns)
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(and(logWhere(campaignId, filter), sql`${deliveries.id} > ${afterId}`))
    .orderBy(deliveries.id)
    .limit(limit)
    .all()
    .map(toLogRow);
}
