// Reading an import file: a JSON array of PushSubscription.toJSON() objects (or { subscriptions: [...] })
// or a CSV with a header row endpoint, p256dh, auth and optional topics. Only shape and limits here;
// what each row may be is judged when it is imported (./transfer.ts).
import { DomainError } from "@/lib/errors/domain-error";
import { parseCsv } from "@/lib/csv/parse";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

export type ImportRow = {
  line: number;
  endpoint: unknown;
  p256dh: unknown;
  auth: unknown;
  topics: string[];
  /** the site's user id, untrimmed (its exact bytes are the id); undefined when the file has none */
  externalId?: unknown;
};

export class ImportFormatError extends DomainError {
  constructor(message: string) {
    super("invalid_file", message);
  }
}

const str = (value: unknown) => (typeof value === "string" ? value.trim() : value);
const topicList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value
        .filter((t): t is string => typeof t === "string")
        .map((t) => t.trim())
        .filter(Boolean)
    : typeof value === "string"
      ? value
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean)
      : [];

/** Reads a JSON array (or { subscriptions: [...] }) or a CSV file with a header row. */
export function parseImportFile(text: string): ImportRow[] {
  if (text.length > MAX_IMPORT_BYTES)
    throw new ImportFormatError("The file is larger than 10 MB. Split it and import the parts.");
  const start = text.trimStart()[0];
  if (start === "[" || start === "{") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ImportFormatError("The file is not valid JSON.");
    }
    const list = Array.isArray(data)
      ? data
      : data && typeof data === "object" && Array.isArray((data as { subscriptions?: unknown }).subscriptions)
        ? (data as { subscriptions: unknown[] }).subscriptions
        : null;
    if (!list) throw new ImportFormatError('Expected a JSON array of subscriptions, or { "subscriptions": [...] }.');
    if (list.length > MAX_IMPORT_ROWS)
      throw new ImportFormatError(`At most ${MAX_IMPORT_ROWS.toLocaleString("en")} subscriptions per file.`);
    return list.map((item, index) => {
      const record = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
      const keys = record.keys && typeof record.keys === "object" ? (record.keys as Record<string, unknown>) : record;
      return {
        line: index + 1,
        endpoint: str(record.endpoint),
        p256dh: str(keys.p256dh),
        auth: str(keys.auth),
        topics: topicList(record.topics),
        externalId: record.externalId ?? record.external_id ?? undefined,
      };
    });
  }
  const rows = parseCsv(text, MAX_IMPORT_ROWS + 2);
  if (rows.length > MAX_IMPORT_ROWS + 1)
    throw new ImportFormatError(`At most ${MAX_IMPORT_ROWS.toLocaleString("en")} subscriptions per file.`);
  const header = (rows[0] ?? []).map((name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/^keys[._]/, ""),
  );
  const column = (name: string) => header.indexOf(name);
  if (column("endpoint") === -1 || column("p256dh") === -1 || column("auth") === -1) {
    throw new ImportFormatError(
      "The CSV needs a header row with the columns endpoint, p256dh and auth (topics and external_id are optional).",
    );
  }
  return rows.slice(1).map((cells, index) => ({
    line: index + 2,
    endpoint: str(cells[column("endpoint")] ?? ""),
    p256dh: str(cells[column("p256dh")] ?? ""),
    auth: str(cells[column("auth")] ?? ""),
    topics: column("topics") === -1 ? [] : topicList(cells[column("topics")] ?? ""),
    externalId: column("external_id") === -1 ? undefined : cells[column("external_id")] || undefined,
  }));
}
