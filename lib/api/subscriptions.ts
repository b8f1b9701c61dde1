// /api/v1/subscriptions: the subscriber list and one subscription, in the API's JSON shape. The list's
// filters are the dashboard's (lib/subscribers/filters.ts) plus the site's own user id; the endpoint is
// shortened and the keys never leave, as in the dashboard (a push endpoint is a capability URL).
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/app-db";
import type { subscriptions as subscriptionsTable } from "@/lib/db/schema";
import { PUSH_SERVICES, SUBSCRIPTION_STATUSES } from "@/lib/db/schema/enums";
import { DomainError } from "@/lib/errors/domain-error";
import { externalIdSchema } from "@/lib/identity/schema";
import { shortenEndpoint } from "@/lib/subscribers/endpoint-display";
import { subscriberConditions } from "@/lib/subscribers/filters";
import { topicNamesFor } from "@/lib/subscribers/queries";
import { SUBSCRIBER_STATUS_FILTERS } from "@/lib/subscribers/schema";
import { resolveTopicSlugs } from "@/lib/topics/queries";
import { topicSlugSchema } from "@/lib/topics/schema";
import { pageOf, pageQueryShape, type Page } from "./cursor";

export const apiSubscriptionSchema = z.object({
  id: z.number().int(),
  endpoint: z.string().describe("shortened: the whole endpoint is a secret capability and never returned"),
  status: z.enum(SUBSCRIPTION_STATUSES),
  pushService: z.enum(PUSH_SERVICES),
  browser: z.string().nullable(),
  platform: z.string().nullable(),
  language: z.string().nullable(),
  topics: z.array(z.string()).describe("topic slugs"),
  externalId: z.string().nullable().describe("the site's own user id, or null"),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
});
export type ApiSubscription = z.infer<typeof apiSubscriptionSchema>;

export const subscriptionListQuerySchema = z.strictObject({
  status: z.enum(SUBSCRIBER_STATUS_FILTERS).default("active").describe('"all" lists every status'),
  topic: topicSlugSchema.optional().describe("only subscriptions that chose this topic (slug)"),
  pushService: z.enum(PUSH_SERVICES).optional(),
  user: externalIdSchema.optional().describe("only this user's subscriptions (externalId)"),
  ...pageQueryShape,
});
export type SubscriptionListQuery = z.output<typeof subscriptionListQuerySchema>;

export const subscriptionIdParamsSchema = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

export const subscriptionPatchSchema = z
  .strictObject({
    topics: z.array(topicSlugSchema).max(100).optional().describe("replaces the subscription's topics"),
    externalId: externalIdSchema.nullable().optional().describe("the site's user id; null detaches the user"),
  })
  .refine((patch) => patch.topics !== undefined || patch.externalId !== undefined, {
    message: "Send topics, externalId or both.",
  });
export type SubscriptionPatch = z.output<typeof subscriptionPatchSchema>;

function columns(db: Db) {
  const { subscriptions: s } = db.tables;
  return {
    id: s.id,
    endpoint: s.endpoint,
    status: s.status,
    pushService: s.pushService,
    browser: s.browser,
    platform: s.platform,
    language: s.language,
    externalId: s.externalId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
  };
}
type Row = Pick<typeof subscriptionsTable.$inferSelect, keyof ReturnType<typeof columns>>;

async function toApi(db: Db, rows: readonly Row[]): Promise<ApiSubscription[]> {
  const slugs = await topicNamesFor(
    db,
    rows.map((row) => row.id),
    "slug",
  );
  return rows.map((row) => ({
    ...row,
    endpoint: shortenEndpoint(row.endpoint),
    topics: slugs.get(row.id) ?? [],
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
  }));
}

async function topicIdsOf(db: Db, slugs: readonly string[]): Promise<number[]> {
  const resolved = await resolveTopicSlugs(db, slugs);
  if (!resolved.ok) throw new DomainError("unknown_topics", `Unknown topics: ${resolved.unknown.join(", ")}.`);
  return resolved.ids;
}

/** One page, newest first. */
export async function listApiSubscriptions(db: Db, query: SubscriptionListQuery): Promise<Page<ApiSubscription>> {
  const { subscriptions } = db.tables;
  const topic = query.topic ? (await topicIdsOf(db, [query.topic]))[0] : undefined;
  const filter = { status: query.status, pushService: query.pushService, topic, user: query.user };
  const rows = await db
    .select(columns(db))
    .from(subscriptions)
    .where(await subscriberConditions(db, filter, query.cursor))
    .orderBy(desc(subscriptions.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { data: await toApi(db, page.data), nextCursor: page.nextCursor };
}

export async function getApiSubscription(db: Db, id: number): Promise<ApiSubscription> {
  const { subscriptions } = db.tables;
  const rows = await db.select(columns(db)).from(subscriptions).where(eq(subscriptions.id, id)).limit(1);
  if (rows.length === 0) throw new DomainError("not_found", `No subscription ${id}.`);
  return (await toApi(db, rows))[0]!;
}

/** Replaces the topics and/or sets the user of one subscription, in one transaction. */
export async function patchApiSubscription(
  db: Db,
  id: number,
  patch: SubscriptionPatch,
  now: Date,
): Promise<ApiSubscription> {
  await db.transaction(async (tx) => {
    const { subscriptions, subscriptionTopics } = tx.tables;
    const [row] = await tx
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.id, id))
      .limit(1);
    if (!row) throw new DomainError("not_found", `No subscription ${id}.`);
    if (patch.topics) {
      const topicIds = await topicIdsOf(tx, patch.topics);
      await tx.delete(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, id));
      if (topicIds.length > 0) {
        await tx.insert(subscriptionTopics).values(topicIds.map((topicId) => ({ subscriptionId: id, topicId })));
      }
    }
    const changes = patch.externalId === undefined ? {} : { externalId: patch.externalId };
    await tx
      .update(subscriptions)
      .set({ ...changes, updatedAt: now })
      .where(eq(subscriptions.id, id));
  });
  return getApiSubscription(db, id);
}

export const MAX_USER_DEVICES = 500;

export const apiUserSchema = z.object({
  externalId: z.string(),
  subscriptions: z.array(apiSubscriptionSchema).describe(`every status, newest first, at most ${MAX_USER_DEVICES}`),
});

/** A user's devices: every subscription carrying this externalId (an unknown user simply has none). */
export async function getApiUser(db: Db, externalId: string): Promise<z.infer<typeof apiUserSchema>> {
  const page = await listApiSubscriptions(db, {
    status: "all",
    user: externalId,
    cursor: undefined,
    limit: MAX_USER_DEVICES,
  });
  return { externalId, subscriptions: page.data };
}
