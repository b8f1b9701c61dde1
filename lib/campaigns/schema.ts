// Client-safe: the small inputs of the campaign list and detail actions and pages.
import { z } from "zod";
import { CAMPAIGN_STATUSES, DELIVERY_STATUSES } from "@/lib/db/schema/enums";

export const campaignIdSchema = z.coerce
  .number({ error: "Unknown campaign" })
  .int("Unknown campaign")
  .positive("Unknown campaign");

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
