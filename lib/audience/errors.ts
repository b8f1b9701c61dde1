import { DomainError } from "@/lib/errors/domain-error";

/** A stored audience that is not the CampaignAudience shape (the column is plain JSON). */
export class AudienceInvalidError extends DomainError {
  constructor(readonly issues: string[]) {
    super("invalid_audience", "The audience no longer compiles: check its segments.");
  }
}
