// The campaign lifecycle as data: every allowed move, so verbs, the UI and tests read one table.
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@/lib/db/schema/enums";

export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ["scheduled", "sending"],
  scheduled: ["draft", "sending", "cancelled"],
  sending: ["paused", "sent", "cancelled"],
  paused: ["sending", "cancelled"],
  sent: [],
  cancelled: [],
};

export const FINAL_CAMPAIGN_STATUSES = CAMPAIGN_STATUSES.filter((s) => CAMPAIGN_TRANSITIONS[s].length === 0);

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  // statuses read from outside the type system (a hand-edited row) are never a valid start
  return CAMPAIGN_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Only drafts may be edited: once a campaign is scheduled its content is what will be sent. */
export function canEditCampaign(status: CampaignStatus): boolean {
  return status === "draft";
}

export function isFinalCampaignStatus(status: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[status].length === 0;
}
