// A campaign's delivery log: one page for the campaign screen, keyset pages for the CSV export.
import { and, count, eq, gt } from "drizzle-orm";
import type { Db, Tables } from "@/lib/db/app-db";
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

function logWhere(
  deliveries: Tables["deliveries"],
  campaignId: number,
  filter: Pick<DeliveryLogFilter, "status" | "statusCode">,
) {
  return and(
    eq(deliveries.campaignId, campaignId),
    filter.status ? eq(deliveries.status, filter.status) : undefined,
    filter.statusCode !== undefined ? eq(deliveries.statusCode, filter.statusCode) : undefined,
  );
}

const logColumns = ({ deliveries, subscriptions }: Tables) => ({
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
});

type LogRecord = Omit<DeliveryLogRow, "subscription"> & { pushHost: string };

function toLogRow({ pushHost, ...r }: LogRecord): DeliveryLogRow {
  return { ...r, subscription: `#${r.subscriptionId} · ${pushHost}` };
}

export async function listDeliveries(db: Db, campaignId: number, filter: DeliveryLogFilter = {}): Promise<DeliveryLog> {
  const { deliveries, subscriptions } = db.tables;
  const pageSize = Math.min(Math.max(filter.pageSize ?? DELIVERY_PAGE_SIZE, 1), 200);
  const where = logWhere(deliveries, campaignId, filter);
  const [counted] = await db.select({ n: count() }).from(deliveries).where(where);
  const total = counted?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(filter.page ?? 1), 1), pageCount);
  const rows = await db
    .select(logColumns(db.tables))
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(where)
    .orderBy(deliveries.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows.map(toLogRow), total, page, pageSize, pageCount };
}

/** One keyset page of the log after `afterId` (the CSV export pulls these until empty). */
export async function deliveryLogPage(
  db: Db,
  campaignId: number,
  filter: Pick<DeliveryLogFilter, "status" | "statusCode">,
  afterId: number,
  limit: number,
): Promise<DeliveryLogRow[]> {
  const { deliveries, subscriptions } = db.tables;
  const rows = await db
    .select(logColumns(db.tables))
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(and(logWhere(deliveries, campaignId, filter), gt(deliveries.id, afterId)))
    .orderBy(deliveries.id)
    .limit(limit);
  return rows.map(toLogRow);
}
