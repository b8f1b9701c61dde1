import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import type { subscriptions } from "@/lib/db/schema";
import { SubscriptionError } from "./errors";
import { authMatches } from "./proof";
import type { SubscriptionDto, SubscriptionProof } from "./schema";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** The row of an endpoint in any of its spellings (rows are stored canonical). */
export async function findByEndpoint(db: Db, endpoint: string): Promise<SubscriptionRow | undefined> {
  const { subscriptions } = db.tables;
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.endpoint, canonicalEndpoint(endpoint)))
    .limit(1);
  return row;
}

export async function topicSlugsOf(db: Db, subscriptionId: number): Promise<string[]> {
  const { subscriptionTopics, topics } = db.tables;
  const rows = await db
    .select({ slug: topics.slug })
    .from(subscriptionTopics)
    .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
    .where(eq(subscriptionTopics.subscriptionId, subscriptionId))
    .orderBy(topics.position, topics.id);
  return rows.map((row) => row.slug);
}

/** The visitor's view of a row (shared with ./queries-sync.ts). */
export function subscriptionDto(row: SubscriptionRow, topicSlugs: string[]): SubscriptionDto {
  return {
    status: row.status,
    topics: topicSlugs,
    pushService: row.pushService,
    createdAt: row.createdAt.getTime(),
  };
}

export async function toSubscriptionDto(db: Db, row: SubscriptionRow): Promise<SubscriptionDto> {
  return subscriptionDto(row, await topicSlugsOf(db, row.id));
}

/**
 * The row when the proof holds for it. A wrong secret and an unknown endpoint give the same answer,
 * so the API cannot be used to probe for endpoints. Shared with ./queries-sync.ts.
 */
export function provenOrRefused(row: SubscriptionRow | undefined, proof: SubscriptionProof): SubscriptionRow {
  const proven = authMatches(row?.auth, proof.auth);
  if (!row || !proven || row.status !== "active") {
    throw new SubscriptionError(
      "not_found",
      "No active subscription matches this browser. Turn notifications on again.",
    );
  }
  return row;
}

/** The active subscription the caller proves it holds. */
export async function requireProvenSubscription(db: Db, proof: SubscriptionProof): Promise<SubscriptionRow> {
  return provenOrRefused(await findByEndpoint(db, proof.endpoint), proof);
}

export async function getSubscription(db: Db, proof: SubscriptionProof): Promise<SubscriptionDto> {
  return toSubscriptionDto(db, await requireProvenSubscription(db, proof));
}
