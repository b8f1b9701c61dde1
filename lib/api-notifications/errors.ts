// Refusals of the API's send side; codes from the one closed set (lib/errors/domain-error.ts).
import { DomainError } from "@/lib/errors/domain-error";

/** The request names a segment that does not exist: 400, so the caller fixes the request, not the URL. */
export class UnknownSegmentError extends DomainError {
  constructor(readonly segmentId: number) {
    const message = `There is no segment ${segmentId}.`;
    super("invalid_input", message, { fieldErrors: { segment: [message] } });
  }
}

/** Topics that are unknown or archived, by the slug or id the request gave. */
export class UnknownTargetTopicsError extends DomainError {
  constructor(readonly unknown: (string | number)[]) {
    const message = `Unknown or archived topic${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}.`;
    super("unknown_topics", message, { fieldErrors: { topics: [message] } });
  }
}

export class TopicTargetOverlapError extends DomainError {
  constructor() {
    const message = "A topic cannot be both included and excluded.";
    super("invalid_input", message, { fieldErrors: { "topics.exclude": [message] } });
  }
}

/** A malformed pagination cursor (it is opaque: only ever one we handed out). */
export class InvalidCursorError extends DomainError {
  constructor() {
    const message = "This cursor is not one we gave out; start again without it.";
    super("invalid_input", message, { fieldErrors: { cursor: [message] } });
  }
}

/** Cancelling a notification that finished (or a dashboard draft, which was never sent). */
export class NotCancellableError extends DomainError {
  constructor(
    readonly notificationId: number,
    readonly campaignStatus: string,
  ) {
    const why = campaignStatus === "draft" ? "a draft, never sent" : `already ${campaignStatus}`;
    super(
      "conflict",
      `Notification ${notificationId} is ${why}: only a scheduled, sending or paused one can be cancelled.`,
    );
  }
}
