// Builds the JSON every push carries (Declarative Web Push + our extras) and measures it against the
// one-record budget. Client-safe: the composer imports measurePayload to show the size as you type.
import type { PushPayload } from "./types";
import { DomainError } from "@/lib/errors/domain-error";

/** RFC 8291 §4: one 4096-byte record minus 86 header, 1 delimiter and 16 tag bytes. */
export const PAYLOAD_MAX_BYTES = 3993;
/** Firefox for Android refuses payloads above this size. */
export const PAYLOAD_WARN_BYTES = 3070;
/** Notification.maxActions in Chrome; the rest would be dropped silently. */
export const MAX_ACTIONS = 2;

/** Without a url the button only closes the notification (the service worker opens nothing). */
export type NotificationAction = { action: string; title: string; url?: string };

export type NotificationContent = {
  title: string;
  body?: string;
  clickUrl: string;
  icon?: string;
  image?: string;
  badge?: string;
  actions?: NotificationAction[];
  tag?: string;
  renotify?: boolean;
  requireInteraction?: boolean;
  silent?: boolean;
  appBadge?: number;
  campaignId?: number;
  receiptToken?: string;
  timestamp?: number; // ms since epoch
  lang?: string;
  dir?: "auto" | "ltr" | "rtl";
  /** The site's own JSON (an API send's `data`), carried as notification.data.app. */
  data?: Record<string, unknown>;
};

export type PayloadErrorCode = "invalid" | "too_large";

export class PayloadError extends DomainError {
  constructor(
    readonly problem: PayloadErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(
      problem === "too_large" ? "payload_too_large" : "invalid_payload",
      message,
      field ? { fieldErrors: { [field]: [message] } } : {},
    );
  }
}

export type PayloadMeasure = { bytes: number; maxBytes: number; tooLarge: boolean; warning: boolean };

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

function resolveUrl(value: string, field: string, baseUrl?: string): string {
  let url: URL;
  try {
    url = baseUrl ? new URL(value, baseUrl) : new URL(value);
  } catch {
    throw new PayloadError("invalid", `${field} must be an absolute http(s) URL`, field);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PayloadError("invalid", `${field} must be an http(s) URL`, field);
  }
  return url.href;
}

/** Maps content onto the wire shape without judging it (measuring must work on a half-written draft). */
export function shapePayload(content: NotificationContent): PushPayload {
  const extras: PushPayload["notification"]["data"]["pushboard"] = {
    campaignId: content.campaignId,
    receiptToken: content.receiptToken,
    icon: content.icon,
    image: content.image,
    badge: content.badge,
    actions: content.actions?.map((a) => ({ action: a.action, title: a.title, navigate: a.url })),
    requireInteraction: content.requireInteraction,
    renotify: content.renotify,
    timestamp: content.timestamp,
  };
  return {
    web_push: 8030,
    mutable: true,
    app_badge: content.appBadge === undefined ? undefined : String(content.appBadge),
    notification: {
      title: content.title,
      body: content.body,
      navigate: content.clickUrl,
      lang: content.lang,
      dir: content.dir,
      tag: content.tag,
      silent: content.silent,
      data: content.data === undefined ? { pushboard: extras } : { pushboard: extras, app: content.data },
    },
  };
}

/** Validates content and returns the payload, with every URL made absolute against baseUrl. */
export function buildPushPayload(content: NotificationContent, options: { baseUrl?: string } = {}): PushPayload {
  if (typeof content.title !== "string" || content.title.trim() === "") {
    throw new PayloadError("invalid", "The title is required", "title");
  }
  const { baseUrl } = options;
  const actions = content.actions ?? [];
  if (actions.length > MAX_ACTIONS) throw new PayloadError("invalid", `At most ${MAX_ACTIONS} actions`, "actions");
  actions.forEach((a, i) => {
    if (!a.action?.trim() || !a.title?.trim()) {
      throw new PayloadError("invalid", "Each action needs an id and a title", `actions.${i}`);
    }
  });
  if (content.renotify && !content.tag) {
    throw new PayloadError("invalid", "Re-notify needs a tag (browsers refuse it otherwise)", "renotify");
  }
  if (content.appBadge !== undefined && !(Number.isSafeInteger(content.appBadge) && content.appBadge >= 0)) {
    throw new PayloadError("invalid", "The app badge must be a whole number ≥ 0", "appBadge");
  }
  const optionalUrl = (value: string | undefined, field: string) =>
    value === undefined || value === "" ? undefined : resolveUrl(value, field, baseUrl);
  return shapePayload({
    ...content,
    clickUrl: resolveUrl(content.clickUrl, "clickUrl", baseUrl),
    icon: optionalUrl(content.icon, "icon"),
    image: optionalUrl(content.image, "image"),
    badge: optionalUrl(content.badge, "badge"),
    actions: content.actions?.map((a, i) => ({ ...a, url: optionalUrl(a.url, `actions.${i}.url`) })),
  });
}

export function serializePayload(payload: PushPayload): string {
  return JSON.stringify(payload);
}

/** UTF-8 size of the JSON that would be sent; takes content or an already serialized payload. */
export function measurePayload(input: NotificationContent | string): PayloadMeasure {
  const bytes = utf8Length(typeof input === "string" ? input : serializePayload(shapePayload(input)));
  return {
    bytes,
    maxBytes: PAYLOAD_MAX_BYTES,
    tooLarge: bytes > PAYLOAD_MAX_BYTES,
    warning: bytes > PAYLOAD_WARN_BYTES,
  };
}

/** Builds, serializes and enforces the budget: what the sender and the campaign verbs use. */
export function encodePushPayload(
  content: NotificationContent,
  options: { baseUrl?: string } = {},
): { json: string; bytes: number; warning: boolean } {
  const json = serializePayload(buildPushPayload(content, options));
  const { bytes, tooLarge, warning } = measurePayload(json);
  if (tooLarge) {
    throw new PayloadError(
      "too_large",
      `The notification is ${bytes} bytes; Web Push allows ${PAYLOAD_MAX_BYTES}. Shorten it by ${bytes - PAYLOAD_MAX_BYTES} bytes.`,
    );
  }
  return { json, bytes, warning };
}
