// A campaign's delivery log as CSV, one keyset page per pull: memory stays flat for any audience, and
// a client that stops reading stops the queries. Subscriptions appear as "#id · push host", never endpoints.
import type { Db } from "@/lib/db/app-db";
import { csvLine } from "@/lib/csv/write";
import { deliveryLogPage, type DeliveryLogFilter, type DeliveryLogRow } from "./delivery-log";

export const DELIVERY_CSV_HEADER = [
  "delivery_id",
  "subscription_id",
  "push_host",
  "push_service",
  "status",
  "attempts",
  "status_code",
  "reason",
  "queued_at",
  "updated_at",
  "accepted_at",
];

const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());

function toCsv(r: DeliveryLogRow): string {
  const host = r.subscription.split(" · ")[1] ?? "";
  return csvLine([
    r.id,
    r.subscriptionId,
    host,
    r.pushService,
    r.status,
    r.attempts,
    r.statusCode,
    r.error,
    iso(r.createdAt),
    iso(r.updatedAt),
    iso(r.acceptedAt),
  ]);
}

export function deliveryCsvStream(
  db: Db,
  campaignId: number,
  filter: Pick<DeliveryLogFilter, "status" | "statusCode"> = {},
  pageSize = 1_000,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(DELIVERY_CSV_HEADER)));
        return;
      }
      const rows = await deliveryLogPage(db, campaignId, filter, after, pageSize);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(rows.map(toCsv).join("")));
      after = rows[rows.length - 1]!.id;
    },
  });
}
