import type { Db } from "@/lib/db/app-db";
import { selectSubscriberRows, topicNamesFor, toRowDto } from "./queries";
import type { SubscriberFilter, SubscriberRowDto } from "./schema";
import { csvLine } from "@/lib/csv/write";

export const SUBSCRIBER_CSV_HEADER = [
  "id",
  "endpoint",
  "status",
  "push_service",
  "browser",
  "platform",
  "language",
  "topics",
  "subscribed_at",
  "last_seen_at",
  // last, so readers that take the columns by position keep working
  "external_id",
];

const iso = (value: number | null) => (value === null ? "" : new Date(value).toISOString());

function rowToCsv(row: SubscriberRowDto): string {
  return csvLine([
    row.id,
    row.endpoint,
    row.status,
    row.pushService,
    row.browser,
    row.platform,
    row.language,
    row.topics.join("; "),
    iso(row.createdAt),
    iso(row.lastSeenAt),
    row.externalId,
  ]);
}

/**
 * The filtered subscriber list as CSV, one keyset page per pull: memory stays flat however many
 * rows there are, and a client that stops reading stops the queries. The stream awaits each pull, so
 * the next page is read only after this one was handed on.
 */
export function subscriberCsvStream(
  db: Db,
  filter: SubscriberFilter,
  options: { pageSize?: number; onDone?: (rows: number) => void } = {},
): ReadableStream<Uint8Array> {
  const pageSize = options.pageSize ?? 1_000;
  const encoder = new TextEncoder();
  let after: number | undefined;
  let total = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(SUBSCRIBER_CSV_HEADER)));
        return;
      }
      const rows = await selectSubscriberRows(db, filter, after, pageSize);
      if (rows.length === 0) {
        options.onDone?.(total);
        controller.close();
        return;
      }
      const names = await topicNamesFor(
        db,
        rows.map((row) => row.id),
      );
      controller.enqueue(encoder.encode(rows.map((row) => rowToCsv(toRowDto(row, names.get(row.id) ?? []))).join("")));
      total += rows.length;
      after = rows[rows.length - 1]!.id;
    },
  });
}
