import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { immediate } from "@/lib/db/prepared";
import { subscriptions, subscriptionTopics } from "@/lib/db/schema";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { checkEndpoint } from "@/lib/push/endpoint-policy";
import { validateSubscriptionKeys } from "@/lib/push/subscription-keys";
import { resolveTopicSlugsSync } from "@/lib/topics/queries-sync";
import { SubscriptionError } from "./errors";
import { authMatches } from "./proof";
import { requireProvenSubscriptionSync, toSubscriptionDtoSync, topicSlugsOfSync } from "./queries-sync";
import {
  findStored,
  insertSubscription,
  refreshSubscription,
  replaceTopicIds,
  savedView,
  topicIdsOf,
  wipeSubscription,
  type StoredSubscription,
  type SubscriptionFields,
} from "./save-statements";
import type { CreateSubscriptionInput, SubscriptionDto, SubscriptionProof, UpdateTopicsInput } from "./schema";
import { parseUserAgent } from "./user-agent";

export type SaveContext = {
  extraHosts: readonly string[];
  /** The server's current VAPID public key; a subscription made with another one cannot receive our pushes. */
  vapidPublicKey: string;
  userAgent?: string | null;
  userId?: number | null;
  now: Date;
};

export type SaveResult = { created: boolean; subscription: SubscriptionDto };

function resolveTopics(db: Db, slugs: readonly string[] | undefined): number[] | undefined {
  if (slugs === undefined) return undefined;
  const resolved = resolveTopicSlugsSync(db, slugs);
  if (!resolved.ok) {
    throw new SubscriptionError("unknown_topics", `Unknown topics: ${resolved.unknown.join(", ")}`, {
      topics: [`unknown: ${resolved.unknown.join(", ")}`],
    });
  }
  return resolved.ids;
}

function replaceTopics(db: Db, subscriptionId: number, topicIds: readonly number[]): void {
  db.delete(subscriptionTopics).where(eq(subscriptionTopics.subscriptionId, subscriptionId)).run();
  if (topicIds.length > 0) {
    db.insert(subscriptionTopics)
      .values(topicIds.map((topicId) => ({ subscriptionId, topicId })))
      .run();
  }
}

function wipe(now: Date) {
  return { status: "unsubscribed" as const, p256dh: null, auth: null, unsubscribedAt: now, updatedAt: now };
}

/**
 * Creates or refreshes a subscription by endpoint. With oldEndpoint + oldAuth it replaces a proven old
 * subscription (pushsubscriptionchange, key rotation), keeping its row, topics and history. The endpoint
 * is compared and stored canonical; one unsubscribed or expired before is refused as gone (410).
 * Everything is checked before the first write.
 */
export function saveSubscription(db: Db, input: CreateSubscriptionInput, ctx: SaveContext): SaveResult {
  const endpoint = checkEndpoint(input.endpoint, ctx.extraHosts);
  if (!endpoint.ok) throw new SubscriptionError("endpoint_refused", endpoint.reason, { endpoint: [endpoint.reason] });
  const keys = validateSubscriptionKeys(input.keys.p256dh, input.keys.auth);
  if (!keys.ok) throw new SubscriptionError("invalid_keys", keys.reason, { [`keys.${keys.field}`]: [keys.reason] });
  if (input.vapidPublicKey !== ctx.vapidPublicKey) {
    throw new SubscriptionError(
      "vapid_key_mismatch",
      "This browser subscribed with an outdated application server key. Reload the page to subscribe again.",
      { vapidPublicKey: ["does not match the server's current key"] },
    );
  }
  const topicIds = resolveTopics(db, input.topics);
  const { browser, platform } = parseUserAgent(ctx.userAgent);
  const fields: SubscriptionFields = {
    endpoint: endpoint.endpoint,
    p256dh: keys.p256dh,
    auth: keys.auth,
    expirationTime: input.expirationTime ?? null,
    pushService: endpoint.pushService,
    pushHost: endpoint.url.port ? `${endpoint.host}:${endpoint.url.port}` : endpoint.host,
    browser,
    platform,
    language: input.language ?? null,
    timeZone: input.timeZone ?? null,
    vapidPublicKey: ctx.vapidPublicKey,
    userId: ctx.userId ?? null,
    at: ctx.now.getTime(),
  };

  return immediate(db, () => {
    const existing = findStored(db, fields.endpoint);
    // A row that is not active is the endpoint's tombstone: the visitor unsubscribed it, or its push
    // service answered 404/410. A browser's next subscribe() gets a new endpoint from its push service,
    // so only a replay can bring an old one back, with keys we cannot check (unsubscribing wiped them).
    if (existing && existing.status !== "active") {
      throw new SubscriptionError(
        "gone",
        "This subscription was turned off and cannot be used again. Turn notifications on again to get a new one.",
      );
    }
    let replaced: StoredSubscription | undefined;
    const oldEndpoint = input.oldEndpoint === undefined ? undefined : canonicalEndpoint(input.oldEndpoint);
    if (oldEndpoint !== undefined && oldEndpoint !== fields.endpoint) {
      const old = findStored(db, oldEndpoint);
      if (!old || !input.oldAuth || !authMatches(old.auth, input.oldAuth)) {
        throw new SubscriptionError("not_found", "The subscription being replaced could not be verified.");
      }
      replaced = old;
    }
    if (existing && existing.auth && !authMatches(existing.auth, keys.auth)) {
      throw new SubscriptionError("conflict", "This endpoint is already registered with other keys.");
    }

    let id: number;
    let created = false;
    let keepTopics: number[] | undefined;
    if (replaced && !existing) {
      id = replaced.id;
      refreshSubscription(db, id, fields);
    } else {
      if (replaced) {
        // the new endpoint is already stored: retire the old row and carry its topics over
        keepTopics = topicIdsOf(db, replaced.id);
        wipeSubscription(db, replaced.id, fields.at);
      }
      if (existing) {
        id = existing.id;
        refreshSubscription(db, id, fields);
      } else {
        id = insertSubscription(db, fields);
        created = true;
      }
    }
    const topicsToStore = topicIds ?? keepTopics;
    if (topicsToStore) replaceTopicIds(db, id, topicsToStore, { fresh: created });
    return { created, subscription: savedView(db, id) };
  });
}

/** Replaces the proven subscription's topics. */
export function updateSubscriptionTopics(db: Db, input: UpdateTopicsInput, now: Date): SubscriptionDto {
  const topicIds = resolveTopics(db, input.topics)!;
  return db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const row = requireProvenSubscriptionSync(t, input);
      replaceTopics(t, row.id, topicIds);
      t.update(subscriptions).set({ lastSeenAt: now, updatedAt: now }).where(eq(subscriptions.id, row.id)).run();
      return { ...toSubscriptionDtoSync(t, row), topics: topicSlugsOfSync(t, row.id) };
    },
    { behavior: "immediate" },
  );
}

/** Unsubscribes: the row stays for statistics, its keys are wiped so it can never be sent to again. */
export function unsubscribe(db: Db, proof: SubscriptionProof, now: Date): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const row = requireProvenSubscriptionSync(t, proof);
      t.update(subscriptions).set(wipe(now)).where(eq(subscriptions.id, row.id)).run();
    },
    { behavior: "immediate" },
  );
}
