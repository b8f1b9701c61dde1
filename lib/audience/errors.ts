/** A stored audience that is not the CampaignAudience shape (the column is plain JSON). */
export class AudienceInvalidError extends Error {
  readonly code = "audience_invalid" as const;
  constructor(readonly issues: string[]) {
    super(`Invalid audience: ${issues.join("; ")}`);
    this.name = "AudienceInvalidError";
  }
}
