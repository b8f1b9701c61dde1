// What saving a subscription decides, apart from any SQL: the input's checks, the stored columns, and
// which rows a save writes given what is stored. Both engines' saves (./mutations.ts on SQLite,
// ./mutations-postgres.ts on PostgreSQL) run these, so their rules, results and errors cannot drift.
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { checkEndpoint } from "@/lib/push/endpoint-policy";
import { validateSubscriptionKeys } from "@/lib/push/subscription-keys";
import type { ResolvedTopics } from "@/lib/topics/queries";
import { SubscriptionError } from "./errors";
import { authMatches } from "./proof";
import type { StoredSubscription, SubscriptionFields } from "./save-statements";
import type { CreateSubscriptionInput, SubscriptionDto } from "./schema";
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

/** The columns a save writes, or the refusal of an endpoint, keys or VAPID key; checked before any read. */
/** `externalId`: the user id its signature proved (lib/identity/verify.ts), or null to keep the stored one. */
export function checkedFields(
  input: CreateSubscriptionInput,
  ctx: SaveContext,
  externalId: string | null,
): SubscriptionFields {
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
  const { browser, platform } = parseUserAgent(ctx.userAgent);
  return {
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
    externalId,
    at: ctx.now.getTime(),
  };
}

/** The topic ids of a resolution, or the refusal naming every unknown slug. */
export function topicIdsOrRefused(resolved: ResolvedTopics): number[] {
  if (!resolved.ok) {
    throw new SubscriptionError("unknown_topics", `Unknown topics: ${resolved.unknown.join(", ")}`, {
      topics: [`unknown: ${resolved.unknown.join(", ")}`],
    });
  }
  return resolved.ids;
}

/** The canonical endpoint a save replaces (pushsubscriptionchange, key rotation), or undefined. */
export function replacedEndpoint(input: CreateSubscriptionInput, endpoint: string): string | undefined {
  if (input.oldEndpoint === undefined) return undefined;
  const old = canonicalEndpoint(input.oldEndpoint);
  return old === endpoint ? undefined : old;
}

export type SavePlan =
  /** The proven old row moves to the new endpoint, keeping its id, topics and history. */
  | { kind: "move"; id: number }
  /**
   * The endpoint's own row is refreshed (id), or a new one inserted (id undefined); a proven old row
   * whose new endpoint is stored already is retired, its topics carried over.
   */
  | { kind: "store"; id: number | undefined; retire: StoredSubscription | undefined };

/**
 * Decides a save from the endpoint's stored row and, when the save replaces an old endpoint, that
 * one's row; refuses before the first write.
 */
export function planSave(
  existing: StoredSubscription | undefined,
  replacing: { row: StoredSubscription | undefined } | undefined,
  input: CreateSubscriptionInput,
  auth: string,
): SavePlan {
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
  if (replacing) {
    const old = replacing.row;
    if (!old || !input.oldAuth || !authMatches(old.auth, input.oldAuth)) {
      throw new SubscriptionError("not_found", "The subscription being replaced could not be verified.");
    }
    replaced = old;
  }
  if (existing && existing.auth && !authMatches(existing.auth, auth)) {
    throw new SubscriptionError("conflict", "This endpoint is already registered with other keys.");
  }
  if (replaced && !existing) return { kind: "move", id: replaced.id };
  return { kind: "store", id: existing?.id, retire: replaced };
}
