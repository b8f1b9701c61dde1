import type { CampaignStatus } from "@/lib/db/schema/enums";
import { DomainError } from "@/lib/errors/domain-error";

export class CampaignNotFoundError extends DomainError {
  constructor(readonly campaignId: number) {
    super("not_found", "This campaign no longer exists.");
  }
}

/** A verb asked for a move the lifecycle forbids (for example pausing a draft). */
export class CampaignTransitionError extends DomainError {
  constructor(
    readonly campaignId: number,
    readonly from: CampaignStatus,
    readonly to: CampaignStatus,
  ) {
    super("invalid_transition", `Not possible while the campaign is ${from}.`);
  }
}

export class CampaignScheduleError extends DomainError {
  constructor(message: string) {
    super("invalid_schedule", message, { fieldErrors: { scheduledAt: [message] } });
  }
}

/** "Send now" to an audience nobody matches would mark the campaign sent with nothing sent. */
export class EmptyAudienceError extends DomainError {
  constructor() {
    super(
      "invalid_audience",
      "No active subscriber matches this audience, so sending now would send nothing. Save it as a draft (or schedule it) and send it once people have subscribed, or change the audience.",
    );
  }
}
