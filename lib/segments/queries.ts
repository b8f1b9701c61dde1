import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { segments } from "@/lib/db/schema/segments";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { ACTIVE, compileSegmentRules } from "./compile";
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

/** The rules of exactly these segments, by id; throws SegmentNotFoundError naming every missing id. */
export function loadSegmentRules(db: Db, ids: readonly number[]): Map<number, SegmentRules> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = db
    .select({ id: segments.id, rules: segments.rules })
    .from(segments)
    .where(inArray(segments.id, wanted))
    .all();
  const found = new Map(rows.map((row) => [row.id, parseStoredRules(row.id, row.rules)]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw new SegmentNotFoundError(missing, true);
  return found;
}

/** Active subscriptions matching the rules: the rule builder's live count. */
export function countSegment(db: Db, rules: SegmentRules, now: Date = new Date()): number {
  const row = db
    .select({ n: count() })
    .from(subscriptions)
    .where(and(ACTIVE, compileSegmentRules(rules, now)))
    .get();
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

export function getSegment(db: Db, id: number): SegmentDto {
  const row = db.select().from(segments).where(eq(segments.id, id)).get();
  if (!row) throw new SegmentNotFoundError([id]);
  return toSegmentDto(row);
}

/** Every segment by name, each with its live count of active subscribers (one count query per segment). */
export function listSegments(db: Db, now: Date = new Date()): SegmentWithCount[] {
  return db
    .select()
    .from(segments)
    .orderBy(asc(segments.name), asc(segments.id))
    .all()
    .map((row) => {
      const dto = toSegmentDto(row);
      return { ...dto, subscriberCount: dto.rules ? countSegment(db, dto.rules, now) : null };
    });
}
