// The composer's editable state (strings, as inputs hold them) and its mapping to the schema's input.
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import type { Urgency } from "@/lib/db/schema/enums";
import { DEFAULT_TTL, type ComposerInput } from "@/lib/campaigns/composer-schema";
import { EVERYONE } from "@/lib/audience/schema";
import type { CampaignDto } from "@/lib/campaigns/queries";
import { measurePayload } from "@/lib/push/payload";
import type { NotificationDefaults } from "@/lib/settings/notification-defaults";

export type ComposerValues = {
  title: string;
  body: string;
  icon: string;
  image: string;
  badge: string;
  url: string;
  actions: { title: string; url: string }[];
  tag: string;
  renotify: boolean;
  requireInteraction: boolean;
  silent: boolean;
  appBadge: string;
  ttlPreset: string;
  ttlCustom: string;
  urgency: Urgency;
  topic: string;
  sendRate: string;
  audience: CampaignAudience;
  mode: "now" | "schedule";
  scheduleLocal: string;
};

export const TTL_PRESETS = [
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "1 week" },
  { value: "2419200", label: "4 weeks (the longest any push service keeps a message)" },
  { value: "custom", label: "Custom…" },
];

export const URGENCY_HINTS: Record<Urgency, string> = {
  "very-low": "Delivered only when the device is on power and Wi-Fi",
  low: "Delivered when the device is on power or Wi-Fi",
  normal: "Delivered when the device is on neither power nor Wi-Fi",
  high: "Delivered even on low battery",
};

export function emptyValues(): ComposerValues {
  return {
    title: "",
    body: "",
    icon: "",
    image: "",
    badge: "",
    url: "",
    actions: [],
    tag: "",
    renotify: false,
    requireInteraction: false,
    silent: false,
    appBadge: "",
    ttlPreset: String(DEFAULT_TTL),
    ttlCustom: "",
    urgency: "normal",
    topic: "",
    sendRate: "",
    audience: EVERYONE,
    mode: "now",
    scheduleLocal: "",
  };
}

/** A new campaign starts from Settings → notification defaults (links made absolute on this site). */
export function valuesFromDefaults(defaults: NotificationDefaults, siteOrigin: string): ComposerValues {
  const ttl = String(defaults.ttl);
  const preset = TTL_PRESETS.some((p) => p.value === ttl);
  return {
    ...emptyValues(),
    icon: defaults.icon,
    badge: defaults.badge,
    url: defaults.defaultUrl ? new URL(defaults.defaultUrl, siteOrigin).href : "",
    ttlPreset: preset ? ttl : "custom",
    ttlCustom: preset ? "" : ttl,
    urgency: defaults.urgency,
  };
}

export function valuesFromCampaign(c: CampaignDto): ComposerValues {
  const preset = TTL_PRESETS.some((p) => p.value === String(c.ttl));
  return {
    title: c.title,
    body: c.body,
    icon: c.icon ?? "",
    image: c.image ?? "",
    badge: c.badge ?? "",
    url: c.url ?? "",
    actions: c.actions.map((a) => ({ title: a.title, url: a.url ?? "" })),
    tag: c.tag ?? "",
    renotify: c.renotify,
    requireInteraction: c.requireInteraction,
    silent: c.silent,
    appBadge: c.appBadge === null ? "" : String(c.appBadge),
    ttlPreset: preset ? String(c.ttl) : "custom",
    ttlCustom: preset ? "" : String(c.ttl),
    urgency: c.urgency,
    topic: c.topic ?? "",
    sendRate: c.sendRatePerMinute === null ? "" : String(c.sendRatePerMinute),
    audience: c.audience,
    mode: "now",
    scheduleLocal: "",
  };
}

// "" is absent; anything else goes through Number so "abc" reaches the schema as NaN and is refused there.
const num = (text: string) => (text.trim() === "" ? undefined : Number(text));

export function ttlOf(v: ComposerValues): number | undefined {
  return v.ttlPreset === "custom" ? num(v.ttlCustom) : Number(v.ttlPreset);
}

/** datetime-local is the admin's wall clock; the schema wants an instant (stored UTC). */
function scheduledAtOf(local: string): string | undefined {
  if (!local) return undefined;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

export function toInput(v: ComposerValues): ComposerInput {
  return {
    title: v.title,
    body: v.body,
    icon: v.icon,
    image: v.image,
    badge: v.badge,
    url: v.url,
    actions: v.actions,
    tag: v.tag,
    renotify: v.renotify,
    requireInteraction: v.requireInteraction,
    silent: v.silent,
    appBadge: num(v.appBadge),
    ttl: ttlOf(v),
    urgency: v.urgency,
    topic: v.topic.trim(),
    sendRatePerMinute: num(v.sendRate),
    audience: v.audience,
    scheduledAt: v.mode === "schedule" ? scheduledAtOf(v.scheduleLocal) : undefined,
  } as ComposerInput;
}

/** The same measure the schema applies: the sender's extras at their largest. */
export function payloadSize(v: ComposerValues) {
  return measurePayload({
    title: v.title.trim(),
    body: v.body.trim(),
    clickUrl: v.url.trim() || "/",
    icon: v.icon.trim() || undefined,
    image: v.image.trim() || undefined,
    badge: v.badge.trim() || undefined,
    actions: v.actions.map((a, i) => ({
      action: `action-${i + 1}`,
      title: a.title.trim(),
      url: a.url.trim() || undefined,
    })),
    tag: v.tag.trim() || undefined,
    renotify: v.renotify,
    requireInteraction: v.requireInteraction,
    silent: v.silent,
    appBadge: num(v.appBadge),
    campaignId: 2 ** 31,
    receiptToken: "x".repeat(43),
    timestamp: Date.UTC(2100, 0),
  });
}

export function describeTtl(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds === 0) return "0 s (deliver now or drop)";
  const parts: string[] = [];
  const units: [number, string][] = [
    [604_800, "w"],
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(" ");
}
