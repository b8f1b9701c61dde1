import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { perEngine, type Db } from "@/lib/db/app-db";
import { SegmentInUseError, SegmentNotFoundError } from "./errors";
import { toSegmentDto, type SegmentDto } from "./queries";
import type { SegmentData } from "./schema";

// Campaigns in these states may still compile their audience, so their segments must stay.
const PENDING_STATUSES = ["draft", "scheduled", "sending", "paused"] as const;

/** Input already parsed by segmentInputSchema (the action does it). */
export async function createSegment(db: Db, input: SegmentData, createdBy: number | null = null): Promise<SegmentDto> {
  const { segments } = db.tables;
  const [row] = await db
    .insert(segments)
    .values({ name: input.name, description: input.description, rules: input.rules, createdBy })
    .returning();
  return toSegmentDto(row!);
}

export async function updateSegment(db: Db, id: number, input: SegmentData): Promise<SegmentDto> {
  const { segments } = db.tables;
  const [row] = await db
    .update(segments)
    .set({ name: input.name, description: input.description, rules: input.rules })
    .where(eq(segments.id, id))
    .returning();
  if (!row) throw new SegmentNotFoundError([id]);
  return toSegmentDto(row);
}

/**
 * The audience (campaigns.audience) lists this segment id under `list`. The column is JSON text on
 * SQLite (walked with json_each) and jsonb on PostgreSQL (array containment, @>).
 */
function audienceNames(db: Db, list: "includeSegmentIds" | "excludeSegmentIds", id: number): SQL {
  const { campaigns } = db.tables;
  return perEngine(db, {
    sqlite: sql`exists (select 1 from json_each(${campaigns.audience}, ${`$.${list}`}) where json_each.value = ${id})`,
    postgres: sql`(${campaigns.audience} -> ${list}::text) @> jsonb_build_array(${id}::integer)`,
  });
}

/** Campaigns not yet finished whose audience names the segment (included or excluded). */
export async function campaignsUsingSegment(db: Db, id: number): Promise<number[]> {
  const { campaigns } = db.tables;
  const rows = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      sql`${inArray(campaigns.status, [...PENDING_STATUSES])} and (${audienceNames(db, "includeSegmentIds", id)} or ${audienceNames(db, "excludeSegmentIds", id)})`,
    )
    .orderBy(campaigns.id);
  return rows.map((r) => r.id);
}

/** Refuses (SegmentInUseError) while a draft, scheduled, sending or paused campaign names the segment. */
export async function deleteSegment(db: Db, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const { segments } = tx.tables;
    const users = await campaignsUsingSegment(tx, id);
    if (users.length > 0) throw new SegmentInUseError(id, users);
    const [deleted] = await tx.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
    if (!deleted) throw new SegmentNotFoundError([id]);
  });
}
