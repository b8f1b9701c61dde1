import { describe, expect, it } from "vitest";
import { campaignOutcome, campaignWhen, progressPercent } from "@/lib/campaigns/outcome";

const counts = (targeted: number, accepted: number, failed = 0, expired = 0) => ({
  targeted,
  accepted,
  failed,
  expired,
});

describe("campaignOutcome", () => {
  it("a finished campaign's badge follows its numbers", () => {
    expect(campaignOutcome("sent", counts(10, 10))).toMatchObject({ kind: "sent", label: "sent", tone: "success" });
    expect(campaignOutcome("sent", counts(10, 9, 0, 1))).toMatchObject({ kind: "sent" }); // churn is not a failure
    expect(campaignOutcome("sent", counts(10, 7, 3))).toMatchObject({ label: "sent with failures", tone: "warning" });
    expect(campaignOutcome("sent", counts(263, 0, 263))).toMatchObject({ label: "failed", tone: "danger" });
    expect(campaignOutcome("sent", counts(5, 0, 0, 5))).toMatchObject({ kind: "failed" });
    expect(campaignOutcome("sent", counts(0, 0))).toMatchObject({ label: "sent to nobody", tone: "warning" });
  });

  it("a cancelled campaign says how far it got", () => {
    expect(campaignOutcome("cancelled", counts(1616, 200, 60, 3))).toMatchObject({
      kind: "cancelled",
      label: "cancelled after 263 of 1,616",
    });
  });

  it("the other states are their own names", () => {
    for (const status of ["draft", "scheduled", "sending", "paused"] as const)
      expect(campaignOutcome(status, counts(3, 1)).label).toBe(status);
  });
});

describe("progressPercent", () => {
  it("is settled over targeted, 100 only once sent, and stays put after a cancel", () => {
    expect(progressPercent("sending", counts(3, 1))).toBe(33);
    expect(progressPercent("cancelled", counts(1616, 200, 60, 3))).toBe(16);
    expect(progressPercent("sent", counts(3, 1, 1, 1))).toBe(100);
    expect(progressPercent("sending", counts(0, 0))).toBe(0);
  });
});

describe("campaignWhen", () => {
  const at = (iso: string) => new Date(iso);
  const base = { scheduledAt: null, createdAt: at("2026-12-01T08:00:00Z"), completedAt: null };
  const fmt = (d: Date) => d.toISOString().slice(0, 10);
  it("calls only a finished campaign sent", () => {
    expect(campaignWhen({ ...base, status: "sent", startedAt: at("2026-12-02T08:00:00Z") }, fmt)).toBe(
      "sent 2026-12-02",
    );
    expect(campaignWhen({ ...base, status: "paused", startedAt: at("2026-12-02T08:00:00Z") }, fmt)).toBe(
      "started 2026-12-02",
    );
    expect(
      campaignWhen(
        {
          ...base,
          status: "cancelled",
          startedAt: at("2026-12-02T08:00:00Z"),
          completedAt: at("2026-12-03T08:00:00Z"),
        },
        fmt,
      ),
    ).toBe("cancelled 2026-12-03");
    expect(campaignWhen({ ...base, status: "draft", startedAt: null }, fmt)).toBe("created 2026-12-01");
  });
});
