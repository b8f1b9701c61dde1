// Cursor pagination for /api/v1 lists. A cursor is opaque to callers (base64url of the last row's id),
// so the ordering can change later without breaking clients that only pass `nextCursor` back; a cursor
// that does not decode is a 400, not an empty page.
import { z } from "zod";

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 25;

export function encodeCursor(lastId: number): string {
  return Buffer.from(`id:${lastId}`, "utf8").toString("base64url");
}

/** The id a cursor points after, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^id:([1-9]\d{0,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const id = match ? Number(match[1]) : NaN;
  // one spelling per id: a cursor that decodes but is not how we write it was not handed out by us
  return Number.isSafeInteger(id) && encodeCursor(id) === cursor ? id : null;
}

/** `cursor` and `limit` of a list's query string; the cursor arrives decoded as `after`. */
export const pageQueryShape = {
  cursor: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const id = decodeCursor(value);
      if (id === null) {
        ctx.addIssue({ code: "custom", message: "This cursor is not one this API gave out: pass nextCursor as is." });
        return z.NEVER;
      }
      return id;
    })
    .describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT).describe("rows per page"),
};

export type Page<T> = { data: T[]; nextCursor: string | null };

/** A page from `limit + 1` rows read newest first: the extra row only says there is more. */
export function pageOf<T extends { id: number }>(rows: readonly T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
