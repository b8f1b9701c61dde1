// The campaign composer's input, checked by the form (client) and again by the server action.
// Client-safe: zod, enum tuples and the push engineer's client-safe option validators only.
import { z } from "zod";
import { campaignAudienceSchema, EVERYONE } from "@/lib/audience/schema";
import { MAX_ACTIONS, measurePayload, PAYLOAD_MAX_BYTES } from "@/lib/push/payload";
import { makeTopicSchema, ttlSchema, urgencySchema } from "@/lib/push/options";
import { listOf } from "@/lib/segments/list-schema";

export const MAX_TITLE = 120;
export const MAX_BODY = 500;
export const MAX_ACTION_LABEL = 40;
export const MAX_TAG = 64;
export const MAX_URL = 2048;
export const MAX_APP_BADGE = 99_999;
export const MAX_SEND_RATE = 1_000_000;
export const MAX_SCHEDULE_AHEAD_MS = 366 * 86_400_000;
export const DEFAULT_TTL = 86_400;

// Forms send "" for an empty optional field; treat it (and null) as absent.
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

// No whitespace or control characters anywhere: browsers strip them, which hides "java\tscript:".
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f\\]/;

// Refinements run even after the type check failed: report only "must be text" for a non-string.
const whenText = { when: (payload: { value: unknown }) => typeof payload.value === "string" };

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || UNSAFE_CHARS.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

/** Absolute http(s) URL: the click URL and action URLs. javascript:, data:, file: and the like are refused. */
export const httpUrlSchema = z
  .string({ error: "URL must be text" })
  .trim()
  .max(MAX_URL, `URL is at most ${MAX_URL} characters`)
  .refine(isHttpUrl, { message: "Use an absolute http:// or https:// URL", ...whenText });

/** An image: an absolute http(s) URL or a path on this site ("/icons/192.png", never "//other.host"). */
export const imageUrlSchema = z
  .string({ error: "URL must be text" })
  .trim()
  .max(MAX_URL, `URL is at most ${MAX_URL} characters`)
  .refine((value) => isHttpUrl(value) || (/^\/(?!\/)/.test(value) && !UNSAFE_CHARS.test(value)), {
    message: 'Use an absolute http(s) URL or a path on this site starting with "/"',
    ...whenText,
  });

export const composerActionSchema = z.object({
  title: z
    .string({ error: "Action label must be text" })
    .trim()
    .min(1, "Action label is required")
    .max(MAX_ACTION_LABEL, `Action label is at most ${MAX_ACTION_LABEL} characters`),
  // no URL: the button only closes the notification (the service worker still reports the click)
  url: optional(httpUrlSchema),
});

export const intIn = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min.toLocaleString("en")}`)
    .max(max, `${what} is at most ${max.toLocaleString("en")}`);

/** The composer's fields, also the pieces the API's send schema reuses (lib/api-notifications/schema.ts). */
export const composerFields = {
  title: z
    .string({ error: "Title is required" })
    .trim()
    .min(1, "Title is required")
    .max(MAX_TITLE, `Title is at most ${MAX_TITLE} characters`),
  body: z
    .string({ error: "Body must be text" })
    .trim()
    .max(MAX_BODY, `Body is at most ${MAX_BODY} characters`)
    .default(""),
  icon: optional(imageUrlSchema),
  image: optional(imageUrlSchema),
  badge: optional(imageUrlSchema),
  url: optional(httpUrlSchema),
  actions: listOf(composerActionSchema, {
    typeError: "Actions must be a list",
    max: MAX_ACTIONS,
    maxMessage: `At most ${MAX_ACTIONS} actions (browsers drop the rest)`,
  }).default([]),
  tag: optional(z.string({ error: "Tag must be text" }).trim().max(MAX_TAG, `Tag is at most ${MAX_TAG} characters`)),
  renotify: z.boolean({ error: "Re-notify must be true or false" }).default(false),
  requireInteraction: z.boolean({ error: "Require interaction must be true or false" }).default(false),
  silent: z.boolean({ error: "Silent must be true or false" }).default(false),
  appBadge: optional(intIn("App badge", 0, MAX_APP_BADGE)),
  ttl: ttlSchema.default(DEFAULT_TTL),
  urgency: urgencySchema.default("normal"),
  // the RFC 8030 Topic header, called the replace key on the form: not the subscribers' topics
  topic: optional(makeTopicSchema("Replace key")),
  sendRatePerMinute: optional(intIn("Send rate", 1, MAX_SEND_RATE)),
  audience: campaignAudienceSchema.default(EVERYONE),
  scheduledAt: optional(
    z.iso
      .datetime({ offset: true, error: "Schedule time must be an ISO date and time with a time zone" })
      .transform((value) => new Date(value)),
  ),
};

const fields = composerFields;

/** The content a budget check measures: the composer's, or an API send's (which may carry `data`). */
export type MeasuredContent = Pick<
  z.output<z.ZodObject<typeof fields>>,
  | "title"
  | "body"
  | "icon"
  | "image"
  | "badge"
  | "url"
  | "actions"
  | "tag"
  | "renotify"
  | "requireInteraction"
  | "silent"
  | "appBadge"
> & { data?: Record<string, unknown> };

// What the sender adds (receipt token, campaign id, timestamp), so the size matches the real push.
export function payloadBytes(input: MeasuredContent): number {
  return measurePayload({
    ...input,
    clickUrl: input.url ?? "/",
    actions: input.actions.map((a, i) => ({ action: `action-${i + 1}`, ...a })),
    campaignId: 2 ** 31,
    receiptToken: "x".repeat(43),
    timestamp: Date.UTC(2100, 0),
  }).bytes;
}

/**
 * The composer schema, with `now` injected for "scheduledAt is in the future" (the server action
 * passes its clock; the form uses the browser's).
 */
export function createComposerSchema(now: () => Date = () => new Date()) {
  return z
    .object(fields)
    .superRefine((input, ctx) => {
      // A refinement also runs when a field failed a (continuable) check, with that field unparsed.
      renotifyNeedsTag(input, ctx);
      if (input.scheduledAt instanceof Date) {
        const ahead = input.scheduledAt.getTime() - now().getTime();
        if (ahead <= 0)
          ctx.addIssue({ code: "custom", path: ["scheduledAt"], message: "Schedule time must be in the future" });
        else if (ahead > MAX_SCHEDULE_AHEAD_MS)
          ctx.addIssue({ code: "custom", path: ["scheduledAt"], message: "Schedule time is at most a year ahead" });
      }
    })
    .check(payloadBudget);
}

/** Browsers refuse renotify without a tag. */
export function renotifyNeedsTag(input: { renotify?: unknown; tag?: unknown }, ctx: z.RefinementCtx): void {
  if (input.renotify === true && !input.tag) {
    ctx.addIssue({
      code: "custom",
      path: ["renotify"],
      message: "Re-notify needs a tag (browsers refuse it otherwise)",
    });
  }
}

/** The 3993-byte budget, checked on content that is otherwise valid (a .check on the whole object). */
export function payloadBudget(payload: z.core.ParsePayload<MeasuredContent>): void {
  if (payload.issues.length > 0) return; // measure only content that is otherwise valid
  const bytes = payloadBytes(payload.value);
  if (bytes > PAYLOAD_MAX_BYTES) {
    payload.issues.push({
      code: "custom",
      input: payload.value,
      path: [],
      message: `The notification is about ${bytes} bytes; Web Push allows ${PAYLOAD_MAX_BYTES}. Shorten the text or the URLs${payload.value.data ? " or the data" : ""}.`,
    });
  }
}

export const campaignComposerSchema = createComposerSchema();
export type ComposerInput = z.input<typeof campaignComposerSchema>;
export type ComposerData = z.output<typeof campaignComposerSchema>;
