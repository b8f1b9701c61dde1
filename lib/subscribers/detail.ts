import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { DeliveryStatus, ReceiptKind } from "@/lib/db/schema/enums";
import { shortenEndpoint } from "./endpoint-display";

export type SubscriberDeliveryDto = {
  campaignId: number;
  campaignTitle: string;
  status: DeliveryStatus;
  statusCode: number | null;
  attempts: number;
  createdAt: number;
  acceptedAt: number | null;
  receipts: ReceiptKind[];
};

export type SubscriberDetailDto = {
  id: number;
  endpoint: string;
  pushHost: string;
  status: "active" | "unsubscribed" | "expired";
  pushService: string;
  browser: string;
  platform: string;
  language: string | null;
  timeZone: string | null;
  /** the site's own user id this device belongs to, or null */
  externalId: string | null;
  hasKeys: boolean;
  madeWithCurrentKey: boolean;
  topics: { id: number; name: string; archived: boolean }[];
  createdAt: number;
  lastSeenAt: number | null;
  lastClickedAt: number | null;
  unsubscribedAt: number | null;
  expiredAt: number | null;
  deliveries: SubscriberDeliveryDto[];
};

const ms = (value: Date | null) => (value ? value.getTime() : null);

/** One subscriber with its topics and the latest campaigns delivered to it; null when it does not exist. */
export async function getSubscriberDetail(
  db: Db,
  id: number,
  currentVapidPublicKey: string,
  deliveryLimit = 50,
): Promise<SubscriberDetailDto | null> {
  const { campaigns, deliveries, receipts, subscriptions, subscriptionTopics, topics } = db.tables;
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id)).limit(1);
  if (!row) return null;
  const topicRows = await db
    .select({ id: topics.id, name: topics.name, archivedAt: topics.archivedAt })
    .from(subscriptionTopics)
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(eq(subscriptionTopics.subscriptionId, id))
    .orderBy(asc(topics.position), asc(topics.id));
  const deliveryRows = await db
    .select({
      id: deliveries.id,
      campaignId: deliveries.campaignId,
      campaignTitle: campaigns.title,
      status: deliveries.status,
      statusCode: deliveries.statusCode,
      attempts: deliveries.attempts,
      createdAt: deliveries.createdAt,
      acceptedAt: deliveries.acceptedAt,
    })
    .from(deliveries)
    .innerJoin(campaigns, eq(campaigns.id, deliveries.campaignId))
    .where(eq(deliveries.subscriptionId, id))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(Math.min(Math.max(deliveryLimit, 1), 200));
  const receiptRows = deliveryRows.length
    ? await db
        .select({ deliveryId: receipts.deliveryId, kind: receipts.kind })
        .from(receipts)
        .where(
          inArray(
            receipts.deliveryId,
            deliveryRows.map((d) => d.id),
          ),
        )
        .orderBy(asc(receipts.createdAt), asc(receipts.id))
    : [];
  const kinds = new Map<number, ReceiptKind[]>();
  for (const receipt of receiptRows)
    kinds.set(receipt.deliveryId, [...(kinds.get(receipt.deliveryId) ?? []), receipt.kind]);

  return {
    id: row.id,
    endpoint: shortenEndpoint(row.endpoint),
    pushHost: row.pushHost,
    status: row.status,
    pushService: row.pushService,
    browser: row.browser,
    platform: row.platform,
    language: row.language,
    timeZone: row.timeZone,
    externalId: row.externalId,
    hasKeys: Boolean(row.p256dh && row.auth),
    madeWithCurrentKey: row.vapidPublicKey === currentVapidPublicKey,
    topics: topicRows.map((t) => ({ id: t.id, name: t.name, archived: t.archivedAt !== null })),
    createdAt: row.createdAt.getTime(),
    lastSeenAt: ms(row.lastSeenAt),
    lastClickedAt: ms(row.lastClickedAt),
    unsubscribedAt: ms(row.unsubscribedAt),
    expiredAt: ms(row.expiredAt),
    deliveries: deliveryRows.map(({ id: deliveryId, ...delivery }) => ({
      ...delivery,
      receipts: kinds.get(deliveryId) ?? [],
    })),
  };
}
