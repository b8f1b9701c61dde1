// POST /api/v1/notifications: what the site's back-end sends. The content and delivery fields are the
// composer's own (lib/campaigns/composer-schema.ts), with its limits and its 3993-byte budget, which here
// also counts `data`; the audience is exactly one target. Strict: an unknown key is refused, not ignored
// (a typo such as "titel" would otherwise send a notification without what was meant). Client-safe.
import { z } from "zod";
import {
  composerFields as f,
  MAX_TITLE,
  payloadBudget,
  renotifyNeedsTag,
  type MeasuredContent,
} from "@/lib/campaigns/composer-schema";
import { makeTopicSchema } from "@/lib/push/options";
import { topicSlugSchema } from "@/lib/topics/schema";
import { MAX_EXPLICIT_SUBSCRIPTIONS } from "@/lib/audience/schema";

export const MAX_TARGET_IDS = MAX_EXPLICIT_SUBSCRIPTIONS;
export const MAX_EXTERNAL_ID = 128;
export const MAX_SEND_AHEAD_MS = 30 * 86_400_000;
export const MAX_TARGET_TOPICS = 50;

export const TARGET_KEYS = ["users", "subscriptions", "segment", "topics", "all"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

const positiveId = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .positive(`${what} must be positive`);

const idList = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item, { error: `${what} must be a list` })
    .min(1, `Name at least one ${what.toLowerCase().replace(/s$/, "")}`)
    .max(MAX_TARGET_IDS, `At most ${MAX_TARGET_IDS.toLocaleString("en")} ${what.toLowerCase()} per request`);

const externalId = z
  .string({ error: "A user id must be text" })
  .min(1, "A user id cannot be empty")
  .max(MAX_EXTERNAL_ID, `A user id is at most ${MAX_EXTERNAL_ID} characters`);

/** A topic by its slug (as the site names it) or by its id. */
const topicRef = z.union([topicSlugSchema, positiveId("Topic id")], {
  error: "A topic is its slug (lower-case letters, digits, dashes) or its id",
});
const topicRefs = z
  .array(topicRef, { error: "Topics must be a list" })
  .max(MAX_TARGET_TOPICS, `At most ${MAX_TARGET_TOPICS} topics`);

const targetFields = {
  users: idList(externalId, "Users").optional(),
  subscriptions: idList(positiveId("Subscription id"), "Subscriptions").optional(),
  segment: positiveId("Segment id").optional(),
  topics: z
    .strictObject({ include: topicRefs.min(1, "Include at least one topic"), exclude: topicRefs.default([]) })
    .optional(),
  all: z.literal(true, { error: "all must be true (to send to every active subscriber)" }).optional(),
};

const sendAt = z.iso
  .datetime({ offset: true, error: "sendAt must be an ISO date and time with a time zone" })
  .transform((value) => new Date(value));

const apiFields = {
  name: z
    .string({ error: "Name must be text" })
    .trim()
    .min(1, "Name cannot be empty")
    .max(MAX_TITLE, `Name is at most ${MAX_TITLE} characters`)
    .optional(),
  title: f.title,
  body: f.body,
  icon: f.icon,
  image: f.image,
  badge: f.badge,
  clickUrl: f.url,
  actions: f.actions,
  tag: f.tag,
  renotify: f.renotify,
  requireInteraction: f.requireInteraction,
  silent: f.silent,
  appBadge: f.appBadge,
  // the body arrived as JSON, so every value is JSON already; z.unknown keeps the reference's schema flat
  // (z.json() is recursive, which OpenAPI tools resolve poorly)
  data: z
    .record(z.string(), z.unknown(), { error: "data must be a JSON object" })
    .optional()
    .describe("your own JSON object, handed to the service worker as notification.data.app"),
  ttl: f.ttl,
  urgency: f.urgency,
  topic: makeTopicSchema("Topic").optional(),
  sendAt: sendAt.optional(),
  ...targetFields,
};

type Parsed = z.output<z.ZodObject<typeof apiFields>>;

const measured = (input: Parsed): MeasuredContent => ({ ...input, url: input.clickUrl });

/** The targets a request gives. */
export function givenTargets(input: Partial<Record<TargetKey, unknown>>): TargetKey[] {
  return TARGET_KEYS.filter((key) => input[key] !== undefined);
}

/**
 * The send's input, with `now` injected for "sendAt is in the future and at most 30 days ahead": a Date,
 * or a clock read at each parse (the endpoint's one schema, apiNotificationBodySchema).
 */
export function apiNotificationSchema(clock: Date | (() => Date)) {
  const nowOf = typeof clock === "function" ? clock : () => clock;
  return z
    .strictObject(apiFields)
    .superRefine((input, ctx) => {
      renotifyNeedsTag(input, ctx);
      const targets = givenTargets(input);
      if (targets.length !== 1)
        ctx.addIssue({
          code: "custom",
          path: ["target"],
          message:
            targets.length === 0
              ? "Give exactly one target: users, subscriptions, segment, topics or all"
              : `Give exactly one target, not ${targets.join(" and ")}`,
        });
      if (input.sendAt instanceof Date) {
        const ahead = input.sendAt.getTime() - nowOf().getTime();
        if (ahead <= 0) ctx.addIssue({ code: "custom", path: ["sendAt"], message: "sendAt must be in the future" });
        else if (ahead > MAX_SEND_AHEAD_MS)
          ctx.addIssue({ code: "custom", path: ["sendAt"], message: "sendAt is at most 30 days ahead" });
      }
    })
    .check((payload) => payloadBudget({ ...payload, value: measured(payload.value) }))
    .transform((input) => ({ ...input, name: input.name ?? input.title }));
}

/** POST /api/v1/notifications' body schema: the clock is read at each request. */
export const apiNotificationBodySchema = apiNotificationSchema(() => new Date());

export type ApiNotificationInput = z.input<ReturnType<typeof apiNotificationSchema>>;
export type ApiNotificationData = z.output<ReturnType<typeof apiNotificationSchema>>;

/** The one target of parsed input (the schema guarantees exactly one). */
export type ApiTarget =
  | { kind: "users"; externalIds: string[] }
  | { kind: "subscriptions"; ids: number[] }
  | { kind: "segment"; id: number }
  | { kind: "topics"; include: (string | number)[]; exclude: (string | number)[] }
  | { kind: "all" };

export function targetOf(input: ApiNotificationData): ApiTarget {
  if (input.users) return { kind: "users", externalIds: input.users };
  if (input.subscriptions) return { kind: "subscriptions", ids: input.subscriptions };
  if (input.segment !== undefined) return { kind: "segment", id: input.segment };
  if (input.topics) return { kind: "topics", include: input.topics.include, exclude: input.topics.exclude };
  return { kind: "all" };
}
