import { and, asc, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";

export type PublicTopic = { id: number; slug: string; name: string; description: string };

/** Topics visitors can choose, in the order admins set (archived ones are hidden). */
export async function listLiveTopics(db: Db): Promise<PublicTopic[]> {
  const { topics } = db.tables;
  return db
    .select({ id: topics.id, slug: topics.slug, name: topics.name, description: topics.description })
    .from(topics)
    .where(isNull(topics.archivedAt))
    .orderBy(asc(topics.position), asc(topics.id));
}

export type ResolvedTopics = { ok: true; ids: number[] } | { ok: false; unknown: string[] };

type TopicsTable = Db["tables"]["topics"];

// The parts ./queries-sync.ts shares (the SQLite side of the subscribe path, sync for group commit).

/** Live topics with one of these slugs. */
export function liveWithSlug(topics: TopicsTable, wanted: string[]) {
  return and(inArray(topics.slug, wanted), isNull(topics.archivedAt));
}

/** The whole set resolved, in the order asked, or every slug that did not match. */
export function resolved(wanted: readonly string[], rows: readonly { id: number; slug: string }[]): ResolvedTopics {
  const found = new Map(rows.map((row) => [row.slug, row.id]));
  const unknown = wanted.filter((slug) => !found.has(slug));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, ids: wanted.map((slug) => found.get(slug)!) };
}

/** Maps slugs to live topic ids; any slug that is unknown or archived makes the whole set invalid. */
export async function resolveTopicSlugs(db: Db, slugs: readonly string[]): Promise<ResolvedTopics> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return { ok: true, ids: [] };
  const { topics } = db.tables;
  const rows = await db.select({ id: topics.id, slug: topics.slug }).from(topics).where(liveWithSlug(topics, wanted));
  return resolved(wanted, rows);
}
