// Whether a campaign's per-delivery history is gone because retention trimmed it (lib/retention/trim.ts),
// so its page can say so instead of showing empty charts and an empty log as if nothing was sent.
import type { Db } from "@/lib/db/client";
import { FINAL_CAMPAIGN_STATUSES } from "@/lib/campaigns/state-machine";
import type { CampaignStatus } from "@/lib/db/schema/enums";
import { prepared } from "@/lib/db/prepared";

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
export function trimmedHistory(db: Db, campaign: FinishedCampaign, retentionDays: number, now: Date): TrimmedHistory {
  if (retentionDays <= 0 || campaign.targeted === 0 || !FINAL_CAMPAIGN_STATUSES.includes(campaign.status))
    return { trimmed: false };
  const finishedAt = campaign.completedAt ?? campaign.updatedAt;
  if (finishedAt.getTime() >= now.getTime() - retentionDays * DAY_MS) return { trimmed: false };
  const left = prepared(db, "SELECT 1 FROM deliveries WHERE campaign_id = ? LIMIT 1").get(campaign.id);
  return left ? { trimmed: false } : { trimmed: true, retentionDays, finishedAt };
}
