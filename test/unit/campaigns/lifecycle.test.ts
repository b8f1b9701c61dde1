import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import {
  activeSubscriptions,
  campaignRow,
  deliveryStatusCounts,
  insertCampaign,
  insertSubscriptions,
} from "@/test/support/engine-factories";
import {
  cancelCampaign,
  completeCampaign,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignNow,
  startDueCampaigns,
  unscheduleCampaign,
} from "@/lib/campaigns/lifecycle";
import { CampaignNotFoundError, CampaignScheduleError, CampaignTransitionError } from "@/lib/campaigns/errors";
import { snapshotCampaign } from "@/lib/delivery/snapshot";
import { claimDeliveries } from "@/lib/delivery/claim";
import { recordOutcomes } from "@/lib/delivery/record";

const t0 = new Date("2030-01-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("campaign verbs", () => {
  it("schedules a draft in the future, unschedules it, and refuses past or invalid times", () => {
    const db = createTestDb();
    const id = insertCampaign(db);
    expect(() => scheduleCampaign(db, id, at(-1), t0)).toThrow(CampaignScheduleError);
    expect(() => scheduleCampaign(db, id, new Date("nope"), t0)).toThrow(CampaignScheduleError);
    expect(scheduleCampaign(db, id, at(60_000), t0).status).toBe("scheduled");
    expect(campaignRow(db, id).scheduledAt?.getTime()).toBe(at(60_000).getTime());
    expect(unscheduleCampaign(db, id, t0).status).toBe("draft");
    expect(campaignRow(db, id).scheduledAt).toBeNull();
  });

  it("refuses moves the lifecycle forbids and unknown campaigns", () => {
    const db = createTestDb();
    const id = insertCampaign(db);
    expect(() => pauseCampaign(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => resumeCampaign(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => cancelCampaign(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => completeCampaign(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => sendCampaignNow(db, 999, t0)).toThrow(CampaignNotFoundError);
    sendCampaignNow(db, id, t0);
    expect(() => sendCampaignNow(db, id, t0)).toThrow(CampaignTransitionError);
    cancelCampaign(db, id, t0);
    expect(() => resumeCampaign(db, id, t0)).toThrow(CampaignTransitionError);
    expect(campaignRow(db, id).status).toBe("cancelled");
  });

  it("starts due scheduled campaigns only", () => {
    const db = createTestDb();
    const due = insertCampaign(db);
    const later = insertCampaign(db);
    scheduleCampaign(db, due, at(1_000), t0);
    scheduleCampaign(db, later, at(60_000), t0);
    expect(startDueCampaigns(db, at(999))).toEqual([]);
    expect(startDueCampaigns(db, at(1_000))).toEqual([due]);
    expect(campaignRow(db, due)).toMatchObject({ status: "sending", snapshotCursor: 0 });
    expect(campaignRow(db, due).startedAt?.getTime()).toBe(at(1_000).getTime());
    expect(campaignRow(db, later).status).toBe("scheduled");
  });

  it("pause stops the claim at once and resume picks up where it stopped", () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 10, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    sendCampaignNow(db, id, t0);
    snapshotCampaign(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    const first = claimDeliveries(db, { campaignId: id, workerId: "w", limit: 4, now: t0.getTime(), leaseMs: 1000 });
    expect(first.claimed).toHaveLength(4);
    pauseCampaign(db, id, t0, "checking the copy");
    expect(campaignRow(db, id)).toMatchObject({ status: "paused", statusReason: "checking the copy" });
    expect(
      claimDeliveries(db, { campaignId: id, workerId: "w", limit: 10, now: t0.getTime(), leaseMs: 1000 }).claimed,
    ).toEqual([]);
    // the requests already in flight still land
    recordOutcomes(
      db,
      first.claimed.map((delivery) => ({ delivery, outcome: { kind: "accepted", statusCode: 201 } })),
      { workerId: "w", now: t0.getTime() },
    );
    expect(resumeCampaign(db, id, t0)).toMatchObject({ status: "sending", statusReason: null });
    const rest = claimDeliveries(db, { campaignId: id, workerId: "w", limit: 100, now: t0.getTime(), leaseMs: 1000 });
    expect(rest.claimed.map((d) => d.id).sort()).toEqual(
      (db.$client.prepare(`SELECT id FROM deliveries WHERE status = 'sending'`).all() as { id: number }[])
        .map((r) => r.id)
        .sort(),
    );
    expect(rest.claimed).toHaveLength(6);
    expect(new Set([...first.claimed, ...rest.claimed].map((d) => d.subscriptionId)).size).toBe(10);
  });

  it("cancel marks queued and retrying rows cancelled and keeps counters right", () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 6, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    sendCampaignNow(db, id, t0);
    snapshotCampaign(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    const { claimed } = claimDeliveries(db, {
      campaignId: id,
      workerId: "w",
      limit: 3,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    const [a, b, c] = claimed;
    recordOutcomes(
      db,
      [
        { delivery: a!, outcome: { kind: "accepted", statusCode: 201 } },
        { delivery: b!, outcome: { kind: "retry", statusCode: 500, originThrottled: false, error: "500" } },
      ],
      { workerId: "w", now: t0.getTime(), random: () => 0.5 },
    );
    expect(campaignRow(db, id).retryingCount).toBe(1);
    cancelCampaign(db, id, at(10));
    expect(deliveryStatusCounts(db, id)).toEqual({ accepted: 1, cancelled: 4, sending: 1 });
    expect(campaignRow(db, id)).toMatchObject({
      status: "cancelled",
      retryingCount: 0,
      acceptedCount: 1,
      targetedCount: 6,
    });
    // the one still in flight lands and is counted
    recordOutcomes(db, [{ delivery: c!, outcome: { kind: "accepted", statusCode: 201 } }], {
      workerId: "w",
      now: at(20).getTime(),
    });
    expect(campaignRow(db, id).acceptedCount).toBe(2);
  });

  it("completes only when the snapshot is done and nothing is pending", () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 2, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    sendCampaignNow(db, id, t0);
    expect(completeCampaign(db, id, t0)).toBeNull();
    snapshotCampaign(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    expect(completeCampaign(db, id, t0)).toBeNull();
    const { claimed } = claimDeliveries(db, {
      campaignId: id,
      workerId: "w",
      limit: 5,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    expect(completeCampaign(db, id, t0)).toBeNull();
    recordOutcomes(
      db,
      claimed.map((delivery) => ({ delivery, outcome: { kind: "accepted", statusCode: 201 } })),
      { workerId: "w", now: t0.getTime() },
    );
    expect(completeCampaign(db, id, at(5))).toMatchObject({ status: "sent" });
    expect(campaignRow(db, id).completedAt?.getTime()).toBe(at(5).getTime());
  });
});
