// Client-safe: the subscriber filters as the list page, the CSV export and the filter form share them.
import { z } from "zod";
import { PUSH_SERVICES, SUBSCRIPTION_STATUSES } from "@/lib/db/schema/enums";
import { externalIdSchema } from "@/lib/identity/schema";

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-01-31")
    .optional(),
);
const token = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
);
const positiveId = z.preprocess(
  blankToUndefined,
  z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
);

/** "all" widens the list to every status; the default is the people who can still receive pushes. */
export const SUBSCRIBER_STATUS_FILTERS = ["active", "unsubscribed", "expired", "all"] as const;

export const subscriberFilterSchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(SUBSCRIBER_STATUS_FILTERS).default("active")),
  topic: positiveId,
  pushService: z.preprocess(blankToUndefined, z.enum(PUSH_SERVICES).optional()),
  browser: token,
  platform: token,
  language: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(35)
      .regex(/^[A-Za-z0-9-]+$/)
      .optional(),
  ),
  from: day,
  to: day,
  // the site's own user id, exactly as stored (a user's devices)
  user: z.preprocess(blankToUndefined, externalIdSchema.optional()),
});
export type SubscriberFilter = z.infer<typeof subscriberFilterSchema>;

export const subscriberPageSchema = subscriberFilterSchema.extend({ after: positiveId });

/** Reads filters from URL search params; anything malformed is dropped rather than failing the page. */
export function parseSubscriberFilter(
  params: Record<string, string | string[] | undefined>,
): SubscriberFilter & { after?: number } {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") flat[key] = first;
  }
  const parsed = subscriberPageSchema.safeParse(flat);
  if (parsed.success) return parsed.data;
  const kept: Record<string, string> = {};
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  for (const [key, value] of Object.entries(flat)) if (!bad.has(key)) kept[key] = value;
  return subscriberPageSchema.parse(kept);
}

/** The filter as URL search params (without the cursor), for links and the export URL. */
export function filterToSearchParams(filter: SubscriberFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || (key === "status" && value === "active")) continue;
    params.set(key, String(value));
  }
  return params;
}

export type SubscriberRowDto = {
  id: number;
  endpoint: string; // shortened: host + last characters
  status: (typeof SUBSCRIPTION_STATUSES)[number];
  pushService: string;
  browser: string;
  platform: string;
  language: string | null;
  /** the site's own user id this device belongs to, or null */
  externalId: string | null;
  topics: string[];
  createdAt: number;
  lastSeenAt: number | null;
};
