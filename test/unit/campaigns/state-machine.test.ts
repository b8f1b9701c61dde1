import { describe, expect, it } from "vitest";
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@/lib/db/schema/enums";
import {
  CAMPAIGN_TRANSITIONS,
  FINAL_CAMPAIGN_STATUSES,
  canEditCampaign,
  canTransition,
  isFinalCampaignStatus,
} from "@/lib/campaigns/state-machine";

const allowed = new Set([
  "draft>scheduled",
  "draft>sending",
  "scheduled>draft",
  "scheduled>sending",
  "scheduled>cancelled",
  "sending>paused",
  "sending>sent",
  "sending>cancelled",
  "paused>sending",
  "paused>cancelled",
]);

describe("campaign state machine", () => {
  const pairs = CAMPAIGN_STATUSES.flatMap((from) =>
    CAMPAIGN_STATUSES.map((to) => [from, to] as [CampaignStatus, CampaignStatus]),
  );

  it.each(pairs)("%s → %s follows the lifecycle", (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it("covers every status and allows exactly the listed moves", () => {
    expect(Object.keys(CAMPAIGN_TRANSITIONS).sort()).toEqual([...CAMPAIGN_STATUSES].sort());
    expect(pairs.filter(([f, t]) => canTransition(f, t))).toHaveLength(allowed.size);
  });

  it("never allows staying in place", () => {
    for (const s of CAMPAIGN_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it("treats sent and cancelled as final", () => {
    expect([...FINAL_CAMPAIGN_STATUSES].sort()).toEqual(["cancelled", "sent"]);
    expect(CAMPAIGN_STATUSES.filter(isFinalCampaignStatus).sort()).toEqual(["cancelled", "sent"]);
  });

  it("lets only drafts be edited", () => {
    expect(CAMPAIGN_STATUSES.filter(canEditCampaign)).toEqual(["draft"]);
  });

  it("returns false for values outside the tuple", () => {
    expect(canTransition("bogus" as CampaignStatus, "sent")).toBe(false);
    expect(canTransition("draft", "bogus" as CampaignStatus)).toBe(false);
  });
});
