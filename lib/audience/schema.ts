// A campaign's audience as the composer edits it (the CampaignAudience column shape). Client-safe.
import { z } from "zod";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { listOf } from "@/lib/segments/list-schema";

export const MAX_AUDIENCE_IDS = 50; // per list

const ids = (what: string) =>
  listOf(
    z
      .number({ error: `${what} id must be a number` })
      .int(`${what} id must be a whole number`)
      .positive(`${what} id must be positive`),
    {
      typeError: `${what} ids must be a list`,
      max: MAX_AUDIENCE_IDS,
      maxMessage: `At most ${MAX_AUDIENCE_IDS} ${what.toLowerCase()}s`,
    },
  )
    .transform((list) => [...new Set(list)])
    .default([]);

const overlap = (a: number[], b: number[]) => a.some((id) => b.includes(id));

const audienceShape = {
  includeSegmentIds: ids("Segment"),
  excludeSegmentIds: ids("Segment"),
  includeTopicIds: ids("Topic"),
  excludeTopicIds: ids("Topic"),
};

function noOverlap(a: z.output<z.ZodObject<typeof audienceShape>>, ctx: z.RefinementCtx) {
  if (overlap(a.includeSegmentIds, a.excludeSegmentIds))
    ctx.addIssue({
      code: "custom",
      path: ["excludeSegmentIds"],
      message: "A segment cannot be both included and excluded",
    });
  if (overlap(a.includeTopicIds, a.excludeTopicIds))
    ctx.addIssue({
      code: "custom",
      path: ["excludeTopicIds"],
      message: "A topic cannot be both included and excluded",
    });
}

/** What the composer edits: segments and topics (an explicit list never comes from a form). */
export const campaignAudienceSchema = z.object(audienceShape).superRefine(noOverlap) satisfies z.ZodType<
  CampaignAudience,
  unknown
>;

/** An API send names at most this many subscriptions, or users (whose devices may be several each). */
export const MAX_EXPLICIT_SUBSCRIPTIONS = 10_000;
/** The stored list: the subscriptions of up to MAX_EXPLICIT_SUBSCRIPTIONS users, a few devices each. */
export const MAX_STORED_SUBSCRIPTIONS = 100_000;

/**
 * What the campaigns.audience column may hold: the composer's shape, or that plus the explicit
 * subscription ids of an API send (lib/api-notifications/audience.ts), which the snapshot intersects.
 */
export const storedAudienceSchema = z
  .object({
    ...audienceShape,
    subscriptionIds: z
      .array(z.number().int().positive(), { error: "Subscription ids must be a list" })
      .max(MAX_STORED_SUBSCRIPTIONS, `At most ${MAX_STORED_SUBSCRIPTIONS.toLocaleString("en")} subscriptions`)
      .optional(),
  })
  .superRefine(noOverlap) satisfies z.ZodType<CampaignAudience, unknown>;

export const EVERYONE: CampaignAudience = {
  includeSegmentIds: [],
  excludeSegmentIds: [],
  includeTopicIds: [],
  excludeTopicIds: [],
};
