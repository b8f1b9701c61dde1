// Typed segment errors, mapped to a result or an HTTP status once (lib/http/error-answer.ts).
import { DomainError } from "@/lib/errors/domain-error";

export class SegmentNotFoundError extends DomainError {
  /** `inAudience`: the segments were named by a campaign's audience, not asked for one by one. */
  constructor(
    readonly segmentIds: number[],
    inAudience = false,
  ) {
    super(
      "not_found",
      inAudience ? "A segment in the audience was deleted. Pick the audience again." : "This segment no longer exists.",
    );
  }
}

/** Stored rules that no longer pass the schema (edited by hand, or written by an older version). */
export class SegmentRulesInvalidError extends DomainError {
  constructor(
    readonly segmentId: number,
    readonly issues: string[],
  ) {
    super("invalid_audience", "The audience no longer compiles: check its segments.");
  }
}

/** Deleting a segment that a campaign still to be sent names in its audience would break that campaign. */
export class SegmentInUseError extends DomainError {
  constructor(
    readonly segmentId: number,
    readonly campaignIds: number[],
  ) {
    const one = campaignIds.length === 1;
    const list = campaignIds.map((c) => `#${c}`).join(", ");
    super(
      "in_use",
      `Campaign${one ? "" : "s"} ${list} still use${one ? "s" : ""} this segment. Change or finish ${one ? "it" : "them"} first.`,
    );
  }
}
