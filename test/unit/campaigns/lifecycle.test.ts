import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { createTestDb } from "@/test/support/db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { campaignRowOn, deliveryCounts } from "@/test/support/queue-reads";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";
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
import {
  completeCampaignSync,
  pauseCampaignSync,
  sendCampaignNowSync,
  startDueCampaignsSync,
} from "@/lib/campaigns/lifecycle-sync";
import { CampaignNotFoundError, CampaignScheduleError, CampaignTransitionError } from "@/lib/campaigns/errors";
import { snapshotCampaignSync } from "@/lib/delivery/snapshot";
import { claimDeliveriesSync } from "@/lib/delivery/claim";
import { recordOutcomesSync } from "@/lib/delivery/record";
import type { DeliveryStatus } from "@/lib/db/schema/enums";

const t0 = new Date("2030-01-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

/** A sending campaign with one delivery per status given, to subscriptions of its own. */
async function sendingWith(db: Db, statuses: DeliveryStatus[], values: Parameters<typeof seedCampaign>[1] = {}) {
  const id = await seedCampaign(db, values);
  await sendCampaignNow(db, id, t0);
  for (const status of statuses) {
    const subscriptionId = await seedSubscription(db);
    await seedDelivery(db, {
      campaignId: id,
      subscriptionId,
      status,
      createdAt: t0.getTime(),
      updatedAt: t0.getTime(),
    });
  }
  return id;
}

/** How many of the racing verbs won; the others must have been refused, not failed otherwise. */
function winners(results: PromiseSettledResult<unknown>[]): number {
  for (const result of results)
    if (result.status === "rejected") expect(result.reason).toBeInstanceOf(CampaignTransitionError);
  return results.filter((result) => result.status === "fulfilled").length;
}

describe.each(ENGINES)("campaign verbs on %s", (engine) => {
  const test = useTestDb(engine);

  it("schedules a draft in the future, unschedules it, and refuses past or invalid times", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    await expect(scheduleCampaign(db, id, at(-1), t0)).rejects.toThrow(CampaignScheduleError);
    await expect(scheduleCampaign(db, id, new Date("nope"), t0)).rejects.toThrow(CampaignScheduleError);
    expect((await scheduleCampaign(db, id, at(60_000), t0)).status).toBe("scheduled");
    expect((await campaignRowOn(db, id)).scheduledAt?.getTime()).toBe(at(60_000).getTime());
    expect((await unscheduleCampaign(db, id, t0)).status).toBe("draft");
    expect((await campaignRowOn(db, id)).scheduledAt).toBeNull();
  });

  it("refuses moves the lifecycle forbids and unknown campaigns", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    await expect(pauseCampaign(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    await expect(resumeCampaign(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    await expect(cancelCampaign(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    await expect(completeCampaign(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    await expect(sendCampaignNow(db, 999, t0)).rejects.toThrow(CampaignNotFoundError);
    await expect(completeCampaign(db, 999, t0)).rejects.toThrow(CampaignNotFoundError);
    await sendCampaignNow(db, id, t0);
    await expect(sendCampaignNow(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    await cancelCampaign(db, id, t0);
    await expect(resumeCampaign(db, id, t0)).rejects.toThrow(CampaignTransitionError);
    expect((await campaignRowOn(db, id)).status).toBe("cancelled");
  });

  it("starts due scheduled campaigns only", async () => {
    const db = test.db;
    const due = await seedCampaign(db);
    const later = await seedCampaign(db);
    const draft = await seedCampaign(db);
    await scheduleCampaign(db, due, at(1_000), t0);
    await scheduleCampaign(db, later, at(60_000), t0);
    expect(await startDueCampaigns(db, at(999))).toEqual([]);
    expect(await startDueCampaigns(db, at(1_000))).toEqual([due]);
    expect(await campaignRowOn(db, due)).toMatchObject({ status: "sending", snapshotCursor: 0 });
    expect((await campaignRowOn(db, due)).startedAt?.getTime()).toBe(at(1_000).getTime());
    expect((await campaignRowOn(db, later)).status).toBe("scheduled");
    expect((await campaignRowOn(db, draft)).status).toBe("draft");
  });

  it("pause keeps the queue as it is, with the reason; resume clears it and re-paces a rate-limited queue", async () => {
    const db = test.db;
    const id = await sendingWith(db, ["accepted", "queued", "queued", "queued", "retrying"], {
      sendRatePerMinute: 120, // one every 500 ms
    });
    expect(await pauseCampaign(db, id, t0, "checking the copy")).toMatchObject({
      status: "paused",
      statusReason: "checking the copy",
    });
    expect(await campaignRowOn(db, id)).toMatchObject({ status: "paused", statusReason: "checking the copy" });
    expect(await deliveryCounts(db, id)).toEqual({ accepted: 1, queued: 3, retrying: 1 });
    expect(await resumeCampaign(db, id, at(60_000))).toMatchObject({ status: "sending", statusReason: null });
    const { deliveries } = db.tables;
    const queued = await db
      .select({ nextAttemptAt: deliveries.nextAttemptAt })
      .from(deliveries)
      .where(eq(deliveries.status, "queued"))
      .orderBy(deliveries.id);
    expect(queued.map((r) => r.nextAttemptAt - at(60_000).getTime())).toEqual([0, 500, 1000]);
  });

  it("re-paces with whole milliseconds, truncated alike on both engines", async () => {
    const db = test.db;
    const id = await sendingWith(db, ["queued", "queued", "queued", "queued"], { sendRatePerMinute: 7 });
    await pauseCampaign(db, id, t0);
    await resumeCampaign(db, id, t0);
    const { deliveries } = db.tables;
    const queued = await db.select({ nextAttemptAt: deliveries.nextAttemptAt }).from(deliveries).orderBy(deliveries.id);
    // 60000 / 7 = 8571.43 ms apart
    expect(queued.map((r) => r.nextAttemptAt - t0.getTime())).toEqual([0, 8571, 17142, 25714]);
  });

  it("cancel marks queued and retrying rows cancelled and keeps counters right", async () => {
    const db = test.db;
    const id = await sendingWith(db, ["accepted", "retrying", "queued", "queued", "queued", "sending"]);
    const { campaigns } = db.tables;
    await db
      .update(campaigns)
      .set({ retryingCount: 1, acceptedCount: 1, targetedCount: 6 })
      .where(eq(campaigns.id, id));
    expect(await cancelCampaign(db, id, at(10))).toMatchObject({ status: "cancelled", statusReason: null });
    expect(await deliveryCounts(db, id)).toEqual({ accepted: 1, cancelled: 4, sending: 1 });
    const row = await campaignRowOn(db, id);
    expect(row).toMatchObject({ status: "cancelled", retryingCount: 0, acceptedCount: 1, targetedCount: 6 });
    expect(row.completedAt?.getTime()).toBe(at(10).getTime());
  });

  it("cancel drops a pause's reason", async () => {
    const db = test.db;
    const id = await sendingWith(db, []);
    await pauseCampaign(db, id, t0, "Paused automatically: 60% failed");
    expect(await cancelCampaign(db, id, t0)).toMatchObject({ status: "cancelled", statusReason: null });
  });

  it("completes only when the snapshot is done and nothing is pending", async () => {
    const db = test.db;
    const { campaigns, deliveries } = db.tables;
    const id = await sendingWith(db, ["accepted", "sending"]);
    expect(await completeCampaign(db, id, t0)).toBeNull();
    await db.update(campaigns).set({ snapshotDoneAt: t0 }).where(eq(campaigns.id, id));
    expect(await completeCampaign(db, id, t0)).toBeNull();
    expect((await campaignRowOn(db, id)).status).toBe("sending");
    await db.update(deliveries).set({ status: "accepted" }).where(eq(deliveries.campaignId, id));
    expect(await completeCampaign(db, id, at(5))).toMatchObject({ status: "sent" });
    expect((await campaignRowOn(db, id)).completedAt?.getTime()).toBe(at(5).getTime());
    await expect(completeCampaign(db, id, at(6))).rejects.toThrow(CampaignTransitionError);
  });

  it("lets exactly one of two admins sending the same draft win", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    const results = await Promise.allSettled([1, 2, 3].map(() => sendCampaignNow(db, id, t0)));
    expect(winners(results)).toBe(1);
    expect((await campaignRowOn(db, id)).status).toBe("sending");
  });

  it("lets exactly one of an admin's pause, cancel and the sender's complete win", async () => {
    const db = test.db;
    const { campaigns } = db.tables;
    const id = await sendingWith(db, ["accepted"]);
    await db.update(campaigns).set({ snapshotDoneAt: t0 }).where(eq(campaigns.id, id));
    // pause then cancel are both allowed in turn, so race each against the sender's complete
    const results = await Promise.allSettled([
      pauseCampaign(db, id, t0, "admin"),
      pauseCampaign(db, id, t0, "other admin"),
      completeCampaign(db, id, t0),
    ]);
    expect(winners(results)).toBe(1);
    const status = (await campaignRowOn(db, id)).status;
    expect(["paused", "sent"]).toContain(status);
    if (status === "paused") expect(results[2]!.status).toBe("rejected");
  });

  it("lets either the scheduler or an admin's unschedule win, never both", async () => {
    const db = test.db;
    const id = await seedCampaign(db);
    await scheduleCampaign(db, id, at(1_000), t0);
    const [started, unscheduled] = await Promise.allSettled([
      startDueCampaigns(db, at(1_000)),
      unscheduleCampaign(db, id, at(1_000)),
    ]);
    const status = (await campaignRowOn(db, id)).status;
    if (status === "sending") {
      expect(started).toEqual({ status: "fulfilled", value: [id] });
      expect(unscheduled.status).toBe("rejected");
    } else {
      expect(status).toBe("draft");
      expect(started).toEqual({ status: "fulfilled", value: [] });
      expect(unscheduled.status).toBe("fulfilled");
    }
  });

  it("makes a verb that waited for another's uncommitted move see it, and refuse", async () => {
    const db = test.db;
    const id = await sendingWith(db, []);
    let release!: () => void;
    let moved!: () => void;
    const didMove = new Promise<void>((resolve) => (moved = resolve));
    const holding = db.transaction(async (tx) => {
      await pauseCampaign(tx, id, t0, "first");
      moved();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await didMove;
    // PostgreSQL: blocks on the row lock; SQLite: waits for the connection. Either way it checks after COMMIT.
    let waited = true;
    const settled = Promise.allSettled([pauseCampaign(db, id, t0, "second")]).finally(() => (waited = false));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(waited).toBe(true);
    release();
    await holding;
    const [result] = await settled;
    expect(result!.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(CampaignTransitionError);
    expect(await campaignRowOn(db, id)).toMatchObject({ status: "paused", statusReason: "first" });
  });
});

describe("campaign verbs with the SQLite sender queue", () => {
  it("pause stops the claim at once and resume picks up where it stopped", async () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 10, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    await sendCampaignNow(sqliteAppDb(db), id, t0);
    snapshotCampaignSync(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    const first = claimDeliveriesSync(db, {
      campaignId: id,
      workerId: "w",
      limit: 4,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    expect(first.claimed).toHaveLength(4);
    await pauseCampaign(sqliteAppDb(db), id, t0, "checking the copy");
    expect(campaignRow(db, id)).toMatchObject({ status: "paused", statusReason: "checking the copy" });
    expect(
      claimDeliveriesSync(db, { campaignId: id, workerId: "w", limit: 10, now: t0.getTime(), leaseMs: 1000 }).claimed,
    ).toEqual([]);
    // the requests already in flight still land
    recordOutcomesSync(
      db,
      first.claimed.map((delivery) => ({ delivery, outcome: { kind: "accepted", statusCode: 201 } })),
      { workerId: "w", now: t0.getTime() },
    );
    expect(await resumeCampaign(sqliteAppDb(db), id, t0)).toMatchObject({ status: "sending", statusReason: null });
    const rest = claimDeliveriesSync(db, {
      campaignId: id,
      workerId: "w",
      limit: 100,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    expect(rest.claimed.map((d) => d.id).sort()).toEqual(
      (db.$client.prepare(`SELECT id FROM deliveries WHERE status = 'sending'`).all() as { id: number }[])
        .map((r) => r.id)
        .sort(),
    );
    expect(rest.claimed).toHaveLength(6);
    expect(new Set([...first.claimed, ...rest.claimed].map((d) => d.subscriptionId)).size).toBe(10);
  });

  it("cancel marks queued and retrying rows cancelled and keeps counters right", async () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 6, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    await sendCampaignNow(sqliteAppDb(db), id, t0);
    snapshotCampaignSync(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    const { claimed } = claimDeliveriesSync(db, {
      campaignId: id,
      workerId: "w",
      limit: 3,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    const [a, b, c] = claimed;
    recordOutcomesSync(
      db,
      [
        { delivery: a!, outcome: { kind: "accepted", statusCode: 201 } },
        { delivery: b!, outcome: { kind: "retry", statusCode: 500, originThrottled: false, error: "500" } },
      ],
      { workerId: "w", now: t0.getTime(), random: () => 0.5 },
    );
    expect(campaignRow(db, id).retryingCount).toBe(1);
    await cancelCampaign(sqliteAppDb(db), id, at(10));
    expect(deliveryStatusCounts(db, id)).toEqual({ accepted: 1, cancelled: 4, sending: 1 });
    expect(campaignRow(db, id)).toMatchObject({
      status: "cancelled",
      retryingCount: 0,
      acceptedCount: 1,
      targetedCount: 6,
    });
    // the one still in flight lands and is counted
    recordOutcomesSync(db, [{ delivery: c!, outcome: { kind: "accepted", statusCode: 201 } }], {
      workerId: "w",
      now: at(20).getTime(),
    });
    expect(campaignRow(db, id).acceptedCount).toBe(2);
  });
});

describe("the sender's sync verbs", () => {
  it("refuse moves the lifecycle forbids and unknown campaigns", () => {
    const db = createTestDb();
    const id = insertCampaign(db);
    expect(() => pauseCampaignSync(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => completeCampaignSync(db, id, t0)).toThrow(CampaignTransitionError);
    expect(() => sendCampaignNowSync(db, 999, t0)).toThrow(CampaignNotFoundError);
    expect(() => completeCampaignSync(db, 999, t0)).toThrow(CampaignNotFoundError);
    expect(sendCampaignNowSync(db, id, t0)).toMatchObject({ status: "sending", statusReason: null });
    expect(() => sendCampaignNowSync(db, id, t0)).toThrow(CampaignTransitionError);
    expect(pauseCampaignSync(db, id, t0, "too many failures")).toMatchObject({
      status: "paused",
      statusReason: "too many failures",
    });
    expect(() => pauseCampaignSync(db, id, t0)).toThrow(CampaignTransitionError);
    expect(campaignRow(db, id)).toMatchObject({ status: "paused", statusReason: "too many failures" });
  });

  it("start due scheduled campaigns only", async () => {
    const db = createTestDb();
    const due = insertCampaign(db);
    const later = insertCampaign(db);
    await scheduleCampaign(sqliteAppDb(db), due, at(1_000), t0);
    await scheduleCampaign(sqliteAppDb(db), later, at(60_000), t0);
    expect(startDueCampaignsSync(db, at(999))).toEqual([]);
    expect(startDueCampaignsSync(db, at(1_000))).toEqual([due]);
    expect(campaignRow(db, due)).toMatchObject({ status: "sending", snapshotCursor: 0 });
    expect(campaignRow(db, due).startedAt?.getTime()).toBe(at(1_000).getTime());
    expect(campaignRow(db, later).status).toBe("scheduled");
  });

  it("complete only when the snapshot is done and nothing is pending", () => {
    const db = createTestDb();
    insertSubscriptions(db, { count: 2, createdAt: t0.getTime() - 1 });
    const id = insertCampaign(db);
    sendCampaignNowSync(db, id, t0);
    expect(completeCampaignSync(db, id, t0)).toBeNull();
    snapshotCampaignSync(db, id, { resolveAudience: activeSubscriptions, now: t0.getTime() });
    expect(completeCampaignSync(db, id, t0)).toBeNull();
    const { claimed } = claimDeliveriesSync(db, {
      campaignId: id,
      workerId: "w",
      limit: 5,
      now: t0.getTime(),
      leaseMs: 1000,
    });
    expect(completeCampaignSync(db, id, t0)).toBeNull();
    recordOutcomesSync(
      db,
      claimed.map((delivery) => ({ delivery, outcome: { kind: "accepted", statusCode: 201 } })),
      { workerId: "w", now: t0.getTime() },
    );
    expect(completeCampaignSync(db, id, at(5))).toMatchObject({ status: "sent" });
    expect(campaignRow(db, id).completedAt?.getTime()).toBe(at(5).getTime());
  });
});
