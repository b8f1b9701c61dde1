// A campaign page tells "retention trimmed this history" from "nothing was sent": only a finished
// campaign with an audience, past the cutoff, with no delivery row left, counts as trimmed.
import { describe, expect, it } from "vitest";
import type { CampaignStatus } from "@/lib/db/schema/enums";
import { trimmedHistory } from "@/lib/retention/history";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";

const NOW = new Date("2026-12-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe.each(ENGINES)("trimmedHistory on %s", (engine) => {
  const test = useTestDb(engine);
  const campaign = async (status: CampaignStatus, completedAt: Date | null, targeted = 10) => {
    const updatedAt = completedAt ?? NOW;
    const id = await seedCampaign(test.db, { status, targetedCount: targeted, completedAt, updatedAt });
    return { id, status, targeted, completedAt, updatedAt };
  };

  it("is trimmed for a finished campaign past the cutoff with no delivery left", async () => {
    expect(await trimmedHistory(test.db, await campaign("sent", daysAgo(100)), 90, NOW)).toEqual({
      trimmed: true,
      retentionDays: 90,
      finishedAt: daysAgo(100),
    });
    expect((await trimmedHistory(test.db, await campaign("cancelled", daysAgo(91)), 90, NOW)).trimmed).toBe(true);
  });

  it("is not trimmed while rows are left, before the cutoff, with retention off, unfinished or without an audience", async () => {
    const withRows = await campaign("sent", daysAgo(100));
    await seedDelivery(test.db, {
      campaignId: withRows.id,
      subscriptionId: await seedSubscription(test.db),
      status: "accepted",
    });
    const trimmed = async (c: Awaited<ReturnType<typeof campaign>>, days = 90) =>
      (await trimmedHistory(test.db, c, days, NOW)).trimmed;
    expect(await trimmed(withRows)).toBe(false);
    expect(await trimmed(await campaign("sent", daysAgo(30)))).toBe(false);
    expect(await trimmed(await campaign("sent", daysAgo(100)), 0)).toBe(false);
    expect(await trimmed(await campaign("sending", null))).toBe(false);
    expect(await trimmed(await campaign("sent", daysAgo(100), 0))).toBe(false);
  });
});
