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

export const campaignAudienceSchema = z
  .object({
    includeSegmentIds: ids("Segment"),
    excludeSegmentIds: ids("Segment"),
    includeTopicIds: ids("Topic"),
    excludeTopicIds: ids("Topic"),
  })
  .superRefine((a, ctx) => {
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
  }) satisfies z.ZodType<CampaignAudience, unknown>;

export const EVERYONE: CampaignAudience = {
  includeSegmentIds: [],
  excludeSegmentIds: [],
  includeTopicIds: [],
  excludeTopicIds: [],
};
