// Typed segment errors: an action or route handler maps them to a result or an HTTP status once.

export class SegmentNotFoundError extends Error {
  readonly code = "segment_not_found" as const;
  constructor(readonly segmentIds: number[]) {
    super(`Segment${segmentIds.length === 1 ? "" : "s"} not found: ${segmentIds.join(", ")}`);
    this.name = "SegmentNotFoundError";
  }
}

/** Stored rules that no longer pass the schema (edited by hand, or written by an older version). */
export class SegmentRulesInvalidError extends Error {
  readonly code = "segment_rules_invalid" as const;
  constructor(
    readonly segmentId: number,
    readonly issues: string[],
  ) {
    super(`Segment ${segmentId} has invalid rules: ${issues.join("; ")}`);
    this.name = "SegmentRulesInvalidError";
  }
}

/** Deleting a segment that a campaign still to be sent names in its audience would break that campaign. */
export class SegmentInUseError extends Error {
  readonly code = "segment_in_use" as const;
  constructor(
    readonly segmentId: number,
    readonly campaignIds: number[],
  ) {
    super(`Segment ${segmentId} is used by campaign${campaignIds.length === 1 ? "" : "s"} ${campaignIds.join(", ")}`);
    this.name = "SegmentInUseError";
  }
}
