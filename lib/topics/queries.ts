import { and, asc, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { topics } from "@/lib/db/schema";

export type PublicTopic = { id: number; slug: string; name: string; description: string };

/** Topics visitors can choose, in the order admins set (archived ones are hidden). */
export function listLiveTopics(db: Db): PublicTopic[] {
  return db
    .select({ id: topics.id, slug: topics.slug, name: topics.name, description: topics.description })
    .from(topics)
    .where(isNull(topics.archivedAt))
    .orderBy(asc(topics.position), asc(topics.id))
    .all();
}

export type ResolvedTopics = { ok: true; ids: number[] } | { ok: false; unknown: string[] };

/** Maps slugs to live topic ids; any slug that is unknown or archived makes the whole set invalid. */
export function resolveTopicSlugs(db: Db, slugs: readonly string[]): ResolvedTopics {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return { ok: true, ids: [] };
  const rows = db
    .select({ id: topics.id, slug: topics.slug })
    .from(topics)
    .where(and(inArray(topics.slug, wanted), isNull(topics.archivedAt)))
    .all();
  const found = new Map(rows.map((row) => [row.slug, row.id]));
  const unknown = wanted.filter((slug) => !found.has(slug));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, ids: wanted.map((slug) => found.get(slug)!) };
}
