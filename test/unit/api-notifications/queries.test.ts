import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign } from "@/test/support/seeds";
import type { Db } from "@/lib/db/app-db";
import {
  cancelApiNotification,
  decodeCursor,
  encodeCursor,
  getApiNotification,
  listApiNotifications,
} from "@/lib/api-notifications/queries";
import { NotCancellableError } from "@/lib/api-notifications/errors";
import { addCounterDeltas } from "@/lib/delivery/counter-deltas";
import { listCampaigns } from "@/lib/campaigns/queries";
import { DomainError } from "@/lib/errors/domain-error";
import { NOW, seedApiKey } from "./fixtures";

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("the notification cursor", () => {
  it("round-trips an id and refuses anything it did not make", () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(encodeCursor(9_007_199_254_740_991))).toBe(9_007_199_254_740_991);
    for (const bad of [
      "",
      "!!",
      "abc",
      encodeCursor(0),
      Buffer.from("-1").toString("base64url"),
      "NDI=",
      "x".repeat(40),
    ]) {
      expect(() => decodeCursor(bad), bad).toThrow(DomainError);
    }
    try {
      decodeCursor("abc");
    } catch (error) {
      expect(error).toMatchObject({
        code: "invalid_input",
        status: 400,
        fieldErrors: { cursor: [expect.any(String)] },
      });
    }
  });
});

describe.each(ENGINES)("API notification queries on %s", (engine) => {
  const test = useTestDb(engine);

  async function apiCampaign(db: Db, values: Parameters<typeof seedCampaign>[1] = {}) {
    const key = await seedApiKey(db);
    return seedCampaign(db, { source: "api", apiKeyId: key.id, ...values });
  }

  it("gets one notification as a DTO with exact counters (PostgreSQL's pending deltas included)", async () => {
    const { db } = test;
    const startedAt = new Date(NOW.getTime() - 60_000);
    const id = await apiCampaign(db, {
      name: "Order 12",
      title: "Shipped",
      status: "sending",
      startedAt,
      createdAt: NOW,
      targetedCount: 10,
      acceptedCount: 4,
      clickedCount: 1,
    });
    if (engine === "postgres") await addCounterDeltas(db, [{ campaignId: id, accepted: 3, failed: 1 }], NOW.getTime());
    else
      await db
        .update(db.tables.campaigns)
        .set({ acceptedCount: 7, failedCount: 1 })
        .where(eq(db.tables.campaigns.id, id));
    expect(await getApiNotification(db, id)).toEqual({
      id,
      name: "Order 12",
      title: "Shipped",
      status: "sending",
      outcome: "sending",
      source: "api",
      createdAt: NOW,
      scheduledAt: null,
      startedAt,
      finishedAt: null,
      counters: { targeted: 10, accepted: 7, retrying: 0, failed: 1, expired: 0, shown: 0, clicked: 1, closed: 0 },
    });
    expect(await getApiNotification(db, id + 1000)).toBeNull();
  });

  it("lists every campaign newest first in cursor pages, filters by source, and refuses a bad cursor", async () => {
    const { db } = test;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(i % 2 ? await apiCampaign(db) : await seedCampaign(db, { title: `d${i}` }));
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await listApiNotifications(db, { cursor, limit: 2 });
      seen.push(...page.data.map((n) => n.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const api = await listApiNotifications(db, { source: "api" });
    expect(api).toEqual({
      data: [expect.objectContaining({ id: ids[3] }), expect.objectContaining({ id: ids[1] })],
      nextCursor: null,
    });
    const dashboard = await listApiNotifications(db, { source: "dashboard", limit: 1 });
    expect(dashboard.data.map((n) => [n.id, n.source, n.name])).toEqual([[ids[4], "dashboard", "d4"]]);
    expect(dashboard.nextCursor).toBe(encodeCursor(ids[4]!));
    expect((await listApiNotifications(db, { limit: 1000 })).data).toHaveLength(5);
    expect((await listApiNotifications(db, { limit: 0 })).data).toHaveLength(1);
    expect(await rejection(listApiNotifications(db, { cursor: "not a cursor" }))).toMatchObject({ status: 400 });
  });

  it("cancels a scheduled or sending notification; a finished one is a 409, a missing one null", async () => {
    const { db } = test;
    const scheduled = await apiCampaign(db, { status: "scheduled", scheduledAt: new Date(NOW.getTime() + 60_000) });
    const cancelled = await cancelApiNotification(db, scheduled, NOW);
    expect(cancelled).toMatchObject({ id: scheduled, status: "cancelled", finishedAt: NOW });

    const sent = await apiCampaign(db, { status: "sent", completedAt: NOW });
    const error = await rejection(cancelApiNotification(db, sent, NOW));
    expect(error).toBeInstanceOf(NotCancellableError);
    expect(error).toMatchObject({ status: 409, code: "conflict" });
    expect((error as Error).message).toBe(
      `Notification ${sent} is already sent: only a scheduled, sending or paused one can be cancelled.`,
    );
    const again = await rejection(cancelApiNotification(db, scheduled, NOW));
    expect((again as Error).message).toMatch(/already cancelled/);
    expect(await cancelApiNotification(db, 987_654, NOW)).toBeNull();
  });

  it("the dashboard's list marks API sends with their key's name, and 'deleted key' once it is gone", async () => {
    const { db } = test;
    const key = await seedApiKey(db, "checkout service");
    const viaKey = await seedCampaign(db, { source: "api", apiKeyId: key.id, name: "Receipt #9", createdAt: NOW });
    const orphan = await seedCampaign(db, { source: "api", apiKeyId: null, createdAt: new Date(NOW.getTime() - 1) });
    const own = await seedCampaign(db, { createdAt: new Date(NOW.getTime() - 2) });
    const list = await listCampaigns(db, {}, NOW);
    expect(list.items.map((c) => [c.id, c.title, c.via])).toEqual([
      [viaKey, "Receipt #9", "sent through the API · checkout service"],
      [orphan, "Sale starts now", "sent through the API · deleted key"],
      [own, "Sale starts now", null],
    ]);
    await db.delete(db.tables.apiKeys).where(eq(db.tables.apiKeys.id, key.id));
    expect((await listCampaigns(db, {}, NOW)).items[0]!.via).toBe("sent through the API · deleted key");
    expect((await listCampaigns(db, { q: "receipt" }, NOW)).items.map((c) => c.id)).toEqual([viaKey]);
  });
});
