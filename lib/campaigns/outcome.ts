// What a campaign's state means to a person, decided once from its status and its counters, so the
// list, the campaign page, the overview and the API never disagree with the numbers beside them.
// Framework-free: the badge tone is a name, the components pick the colours.
import type { CampaignStatus } from "@/lib/db/schema/enums";

export type OutcomeTone = "neutral" | "brand" | "success" | "warning" | "danger";

export type CampaignOutcomeKind =
  | "draft"
  | "scheduled"
  | "sending"
  | "paused"
  | "sent"
  | "sent_with_failures"
  | "failed"
  | "sent_to_nobody"
  | "cancelled";

export type CampaignOutcome = { kind: CampaignOutcomeKind; label: string; tone: OutcomeTone };

type Counts = { targeted: number; accepted: number; failed: number; expired: number };

const count = (n: number) => n.toLocaleString("en");

/** Deliveries that reached an end: accepted, failed or expired (never the ones a cancel dropped). */
export const settledCount = (c: Counts) => c.accepted + c.failed + c.expired;

/**
 * The progress rule: the share of targeted deliveries that were settled. A sent campaign is 100 %
 * (everything settled by definition); a cancelled one stays where it stopped, so the bar and the
 * counters beside it tell the same story.
 */
export function progressPercent(status: CampaignStatus, c: Counts): number {
  if (status === "sent") return 100;
  if (c.targeted <= 0) return 0;
  return Math.min(100, Math.floor((settledCount(c) / c.targeted) * 100));
}

export function campaignOutcome(status: CampaignStatus, c: Counts): CampaignOutcome {
  switch (status) {
    case "draft":
      return { kind: "draft", label: "draft", tone: "neutral" };
    case "scheduled":
      return { kind: "scheduled", label: "scheduled", tone: "brand" };
    case "sending":
      return { kind: "sending", label: "sending", tone: "brand" };
    case "paused":
      return { kind: "paused", label: "paused", tone: "warning" };
    case "cancelled":
      return {
        kind: "cancelled",
        label: `cancelled after ${count(settledCount(c))} of ${count(c.targeted)}`,
        tone: "neutral",
      };
    case "sent": {
      if (c.targeted === 0) return { kind: "sent_to_nobody", label: "sent to nobody", tone: "warning" };
      const unsent = c.failed + c.expired;
      if (c.accepted === 0 && unsent > 0) return { kind: "failed", label: "failed", tone: "danger" };
      if (c.failed > 0) return { kind: "sent_with_failures", label: "sent with failures", tone: "warning" };
      return { kind: "sent", label: "sent", tone: "success" };
    }
  }
}

/** The list's "when" line: only a campaign that finished sending was "sent". */
export function campaignWhen(
  c: {
    status: CampaignStatus;
    startedAt: Date | null;
    completedAt?: Date | null;
    scheduledAt: Date | null;
    createdAt: Date;
  },
  format: (at: Date) => string,
): string {
  if (c.status === "sent" && c.startedAt) return `sent ${format(c.startedAt)}`;
  if (c.status === "cancelled") return `cancelled ${format(c.completedAt ?? c.startedAt ?? c.createdAt)}`;
  if (c.startedAt) return `started ${format(c.startedAt)}`;
  if (c.scheduledAt) return `scheduled for ${format(c.scheduledAt)}`;
  return `created ${format(c.createdAt)}`;
}
