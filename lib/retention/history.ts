// Whether a campaign's per-delivery history is gone because retention trimmed it (lib/retention/trim.ts),
// so its page can say so instead of showing empty charts and an empty log as if nothing was sent.
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { FINAL_CAMPAIGN_STATUSES } from "@/lib/campaigns/state-machine";
import type { CampaignStatus } from "@/lib/db/schema/enums";

const DAY_MS = 86_400_000;

export type TrimmedHistory = { trimmed: false } | { trimmed: true; retentionDays: number; finishedAt: Date };

type FinishedCampaign = {
  id: number;
  status: CampaignStatus;
  targeted: number;
  completedAt: Date | null;
  updatedAt: Date;
};

/**
 * Trimmed when retention is on, the campaign finished before the cutoff the trim uses, it had an
 * audience, and no delivery row of it is left (the trim is what removes them all).
 */
export async function trimmedHistory(
  db: Db,
  campaign: FinishedCampaign,
  retentionDays: number,
  now: Date,
): Promise<TrimmedHistory> {
  if (retentionDays <= 0 || campaign.targeted === 0 || !FINAL_CAMPAIGN_STATUSES.includes(campaign.status))
    return { trimmed: false };
  const finishedAt = campaign.completedAt ?? campaign.updatedAt;
  if (finishedAt.getTime() >= now.getTime() - retentionDays * DAY_MS) return { trimmed: false };
  const { deliveries } = db.tables;
  const left = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(eq(deliveries.campaignId, campaign.id))
    .limit(1);
  return left.length > 0 ? { trimmed: false } : { trimmed: true, retentionDays, finishedAt };
}
