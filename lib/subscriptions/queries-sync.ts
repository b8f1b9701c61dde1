// ./queries.ts for the SQLite side of the visitor's write path (./mutations.ts), which stays sync so that
// group commit runs it inside its batch's transaction (lib/db/group-commit.ts); hence LEGACY_SYNC in
// eslint.config.mjs. The PostgreSQL side (./mutations-postgres.ts) uses ./queries.ts itself.
import { eq } from "drizzle-orm";
import type { SqliteDb } from "@/lib/db/client";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { subscriptions, subscriptionTopics, topics } from "@/lib/db/schema";
import { provenOrRefused, subscriptionDto, type SubscriptionRow } from "./queries";
import type { SubscriptionDto, SubscriptionProof } from "./schema";

export function topicSlugsOfSync(db: SqliteDb, subscriptionId: number): string[] {
  return db
    .select({ slug: topics.slug })
    .from(subscriptionTopics)
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(eq(subscriptionTopics.subscriptionId, subscriptionId))
    .orderBy(topics.position, topics.id)
    .all()
    .map((row) => row.slug);
}

export function toSubscriptionDtoSync(db: SqliteDb, row: SubscriptionRow): SubscriptionDto {
  return subscriptionDto(row, topicSlugsOfSync(db, row.id));
}

export function requireProvenSubscriptionSync(db: SqliteDb, proof: SubscriptionProof): SubscriptionRow {
  const row = db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.endpoint, canonicalEndpoint(proof.endpoint)))
    .get();
  return provenOrRefused(row, proof);
}
