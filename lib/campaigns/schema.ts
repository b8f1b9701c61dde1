// Client-safe helpers around the composer schema: the typed result every campaign action returns,
// field errors keyed by their full path ("actions.0.url") so each shows under its own input, and the
// small inputs of the list and detail actions.
import { z } from "zod";
import { CAMPAIGN_STATUSES, DELIVERY_STATUSES } from "@/lib/db/schema/enums";

export type FieldErrors = Record<string, string[]>;
export type ActionResult<T = undefined> = { ok: true; message: string; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors } | null;

/** "_form" holds the issues of the whole object (the payload budget, for example). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export const campaignIdSchema = z.coerce.number({ error: "Unknown campaign" }).int("Unknown campaign").positive("Unknown campaign");

export const SAVE_INTENTS = ["save", "send", "schedule"] as const;
export type SaveIntent = (typeof SAVE_INTENTS)[number];
export const saveIntentSchema = z.enum(SAVE_INTENTS, { error: "Unknown action" });

/** The composer posts its whole input as one JSON field; this bounds it before parsing. */
export const MAX_COMPOSER_JSON = 64 * 1024;

const page = z.coerce.number().int().min(1).max(1_000_000).catch(1);
const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);

export const campaignListParamsSchema = z.object({
  status: z.preprocess(one, z.enum(CAMPAIGN_STATUSES).optional().catch(undefined)),
  q: z.preprocess(one, z.string().trim().max(120).optional().catch(undefined)),
  page: z.preprocess(one, page.optional()),
});

export const deliveryLogParamsSchema = z.object({
  status: z.preprocess(one, z.enum(DELIVERY_STATUSES).optional().catch(undefined)),
  code: z.preprocess(one, z.coerce.number().int().min(0).max(999).optional().catch(undefined)),
  page: z.preprocess(one, page.optional()),
});
