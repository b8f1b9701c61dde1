import type { CampaignStatus } from "@/lib/db/schema/enums";

export class CampaignNotFoundError extends Error {
  constructor(readonly campaignId: number) {
    super(`Campaign ${campaignId} does not exist`);
    this.name = "CampaignNotFoundError";
  }
}

/** A verb asked for a move the lifecycle forbids (for example pausing a draft). */
export class CampaignTransitionError extends Error {
  constructor(
    readonly campaignId: number,
    readonly from: CampaignStatus,
    readonly to: CampaignStatus,
  ) {
    super(`Campaign ${campaignId} cannot go from ${from} to ${to}`);
    this.name = "CampaignTransitionError";
  }
}

export class CampaignScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CampaignScheduleError";
  }
}
