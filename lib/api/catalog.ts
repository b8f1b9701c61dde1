// GET /api/v1/topics and /api/v1/segments: what a back-end may target, in the API's JSON shape (ISO
// times, no internal fields). Neither list counts subscribers: a count walks a topic's or segment's
// whole audience (seconds at a million rows), which an API a cron job polls must not pay per call.
import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/app-db";
import { toSegmentDto } from "@/lib/segments/queries";
import { segmentRulesSchema } from "@/lib/segments/schema";

export const apiTopicSchema = z.object({
  id: z.number().int(),
  slug: z.string().describe("what subscriptions and the topics target name it by"),
  name: z.string(),
  description: z.string(),
  archived: z.boolean().describe("archived topics are kept for history and cannot be chosen any more"),
});
export type ApiTopic = z.infer<typeof apiTopicSchema>;

export const apiSegmentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  rules: segmentRulesSchema.nullable().describe("null when the stored rules no longer parse"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ApiSegment = z.infer<typeof apiSegmentSchema>;

/** Every topic in the public order, archived ones last (a boolean sorts false first on both engines). */
export async function listApiTopics(db: Db): Promise<ApiTopic[]> {
  const { topics } = db.tables;
  const rows = await db
    .select({
      id: topics.id,
      slug: topics.slug,
      name: topics.name,
      description: topics.description,
      archivedAt: topics.archivedAt,
    })
    .from(topics)
    .orderBy(sql`${topics.archivedAt} is not null`, asc(topics.position), asc(topics.id));
  return rows.map(({ archivedAt, ...topic }) => ({ ...topic, archived: archivedAt !== null }));
}

/** Every segment by name. */
export async function listApiSegments(db: Db): Promise<ApiSegment[]> {
  const { segments } = db.tables;
  const rows = await db.select().from(segments).orderBy(asc(segments.name), asc(segments.id));
  return rows.map((row) => {
    const { id, name, description, rules, createdAt, updatedAt } = toSegmentDto(row);
    return { id, name, description, rules, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
  });
}
