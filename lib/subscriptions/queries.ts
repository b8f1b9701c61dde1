import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { subscriptions, subscriptionTopics, topics } from "@/lib/db/schema";
import { SubscriptionError } from "./errors";
import { authMatches } from "./proof";
import type { SubscriptionDto, SubscriptionProof } from "./schema";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The row of an endpoint in any of its spellings (rows are stored canonical). */
export function findByEndpoint(db: Db, endpoint: string): SubscriptionRow | undefined {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.endpoint, canonicalEndpoint(endpoint)))
    .get();
}

export function topicSlugsOf(db: Db, subscriptionId: number): string[] {
  return db
    .select({ slug: topics.slug })
    .from(subscriptionTopics)
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(eq(subscriptionTopics.subscriptionId, subscriptionId))
    .orderBy(topics.position, topics.id)
    .all()
    .map((row) => row.slug);
}

export function toSubscriptionDto(db: Db, row: SubscriptionRow): SubscriptionDto {
  return {
    status: row.status,
    topics: topicSlugsOf(db, row.id),
    pushService: row.pushService,
    createdAt: row.createdAt.getTime(),
  };
}

/**
 * The active subscription the caller proves it holds. A wrong secret and an unknown endpoint give the
 * same answer, so the API cannot be used to probe for endpoints.
 */
export function requireProvenSubscription(db: Db, proof: SubscriptionProof): SubscriptionRow {
  const row = findByEndpoint(db, proof.endpoint);
  const proven = authMatches(row?.auth, proof.auth);
  if (!row || !proven || row.status !== "active") {
    throw new SubscriptionError(
      "not_found",
      "No active subscription matches this browser. Turn notifications on again.",
    );
  }
  return row;
}

export function getSubscription(db: Db, proof: SubscriptionProof): SubscriptionDto {
  return toSubscriptionDto(db, requireProvenSubscription(db, proof));
}
