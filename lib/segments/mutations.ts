import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema/campaigns";
import { segments } from "@/lib/db/schema/segments";
import { SegmentInUseError, SegmentNotFoundError } from "./errors";
import { toSegmentDto, type SegmentDto } from "./queries";
import type { SegmentData } from "./schema";

// Campaigns in these states may still compile their audience, so their segments must stay.
const PENDING_STATUSES = ["draft", "scheduled", "sending", "paused"] as const;

/** Input already parsed by segmentInputSchema (the action does it). */
export function createSegment(db: Db, input: SegmentData, createdBy: number | null = null): SegmentDto {
  const row = db
    .insert(segments)
    .values({ name: input.name, description: input.description, rules: input.rules, createdBy })
    .returning()
    .get();
  return toSegmentDto(row);
}

export function updateSegment(db: Db, id: number, input: SegmentData): SegmentDto {
  const row = db
    .update(segments)
    .set({ name: input.name, description: input.description, rules: input.rules })
    .where(eq(segments.id, id))
    .returning()
    .get();
  if (!row) throw new SegmentNotFoundError([id]);
  return toSegmentDto(row);
}

/** Campaigns not yet finished whose audience names the segment (included or excluded). */
export function campaignsUsingSegment(db: Pick<Db, "select">, id: number): number[] {
  const names = (path: string) =>
    sql`exists (select 1 from json_each(${campaigns.audience}, ${path}) where json_each.value = ${id})`;
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      sql`${inArray(campaigns.status, [...PENDING_STATUSES])} and (${names("$.includeSegmentIds")} or ${names("$.excludeSegmentIds")})`,
    )
    .orderBy(campaigns.id)
    .all()
    .map((r) => r.id);
}

/** Refuses (SegmentInUseError) while a draft, scheduled, sending or paused campaign names the segment. */
export function deleteSegment(db: Db, id: number): void {
  db.transaction((tx) => {
    const users = campaignsUsingSegment(tx, id);
    if (users.length > 0) throw new SegmentInUseError(id, users);
    const deleted = tx.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id }).get();
    if (!deleted) throw new SegmentNotFoundError([id]);
  });
}
