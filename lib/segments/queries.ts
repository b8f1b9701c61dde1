import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { segments } from "@/lib/db/schema/segments";
import { compileSegmentRules, isActive } from "./compile";
import { SegmentNotFoundError, SegmentRulesInvalidError } from "./errors";
import { segmentRulesSchema, type SegmentRules } from "./schema";

/** Parses a stored rules value; the column is plain JSON and could hold anything. */
export function parseStoredRules(segmentId: number, value: unknown): SegmentRules {
  const parsed = segmentRulesSchema.safeParse(value);
  if (!parsed.success)
    throw new SegmentRulesInvalidError(
      segmentId,
      parsed.error.issues.map((i) => i.message),
    );
  return parsed.data;
}

/**
 * The parsed rules of the stored rows, by id; throws SegmentNotFoundError naming every wanted id that
 * has no row. Shared by loadSegmentRules and the sync sender's loader (lib/audience/compile-sync.ts).
 */
export function rulesById(
  wanted: readonly number[],
  rows: readonly { id: number; rules: unknown }[],
): Map<number, SegmentRules> {
  const found = new Map(rows.map((row) => [row.id, parseStoredRules(row.id, row.rules)]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw new SegmentNotFoundError(missing, true);
  return found;
}

/** The rules of exactly these segments, by id; throws SegmentNotFoundError naming every missing id. */
export async function loadSegmentRules(db: Db, ids: readonly number[]): Promise<Map<number, SegmentRules>> {
  const { segments } = db.tables;
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: segments.id, rules: segments.rules })
    .from(segments)
    .where(inArray(segments.id, wanted));
  return rulesById(wanted, rows);
}

/** Active subscriptions matching the rules: the rule builder's live count. */
export async function countSegment(db: Db, rules: SegmentRules, now: Date = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(db.tables.subscriptions)
    .where(and(isActive(db.tables), compileSegmentRules(db.tables, rules, now)));
  return row?.n ?? 0;
}

export type SegmentDto = {
  id: number;
  name: string;
  description: string;
  rules: SegmentRules | null; // null when the stored rules no longer parse
  rulesError: string | null;
  createdAt: Date;
  updatedAt: Date;
};
export type SegmentWithCount = SegmentDto & { subscriberCount: number | null };

type SegmentRow = typeof segments.$inferSelect;

export function toSegmentDto(row: SegmentRow): SegmentDto {
  const parsed = segmentRulesSchema.safeParse(row.rules);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rules: parsed.success ? parsed.data : null,
    rulesError: parsed.success ? null : parsed.error.issues.map((i) => i.message).join("; "),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function getSegment(db: Db, id: number): Promise<SegmentDto> {
  const { segments } = db.tables;
  const [row] = await db.select().from(segments).where(eq(segments.id, id)).limit(1);
  if (!row) throw new SegmentNotFoundError([id]);
  return toSegmentDto(row);
}

/** Every segment by name, each with its live count of active subscribers (one count query per segment). */
export async function listSegments(db: Db, now: Date = new Date()): Promise<SegmentWithCount[]> {
  const { segments } = db.tables;
  const rows = await db.select().from(segments).orderBy(asc(segments.name), asc(segments.id));
  return Promise.all(
    rows.map(async (row) => {
      const dto = toSegmentDto(row);
      return { ...dto, subscriberCount: dto.rules ? await countSegment(db, dto.rules, now) : null };
    }),
  );
}
