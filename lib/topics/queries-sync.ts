// resolveTopicSlugs for the SQLite side of the visitor's write path (lib/subscriptions/mutations.ts), which
// stays sync so that group commit runs it inside its batch's transaction (eslint.config.mjs LEGACY_SYNC);
// the query's condition and the result come from ./queries.ts, so the two cannot drift.
import type { SqliteDb } from "@/lib/db/client";
import { topics } from "@/lib/db/schema";
import { liveWithSlug, resolved, type ResolvedTopics } from "./queries";

export function resolveTopicSlugsSync(db: SqliteDb, slugs: readonly string[]): ResolvedTopics {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) return { ok: true, ids: [] };
  const rows = db.select({ id: topics.id, slug: topics.slug }).from(topics).where(liveWithSlug(topics, wanted)).all();
  return resolved(wanted, rows);
}
