import { afterEach, describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign } from "@/test/support/seeds";
import { createScriptedSender } from "@/test/support/engine-fake-sender";
import { seedManySubscriptions } from "@/test/unit/api-notifications/fixtures";
import type { Db } from "@/lib/db/app-db";
import type { PushPayload } from "@/lib/push/types";
import { EVERYONE } from "@/lib/audience/schema";
import { compileAudience } from "@/lib/audience/compile";
import { sendCampaignNow } from "@/lib/campaigns/lifecycle";
import { createDeliveryRunner, type DeliveryRunner } from "@/lib/sender/runner";

const NOW = new Date("2026-04-01T12:00:00Z");

describe.each(ENGINES)("priority sends on %s", (engine) => {
  const test = useTestDb(engine);
  let release: () => void = () => {};
  let runner: DeliveryRunner | null = null;

  afterEach(async () => {
    release();
    await runner?.drain();
    runner = null;
  });

  /** A bulk campaign to 100 subscribers, then an API send to `small` of them; one tick with 8 slots. */
  async function firstTick(db: Db, small: number, priority: number) {
    const ids = await seedManySubscriptions(db, 100);
    const bulk = await seedCampaign(db, { audience: EVERYONE });
    const api = await seedCampaign(db, {
      source: "api",
      priority,
      audience: { ...EVERYONE, subscriptionIds: ids.slice(0, small) },
    });
    await sendCampaignNow(db, bulk, NOW);
    await sendCampaignNow(db, api, NOW);
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { sender, calls } = createScriptedSender(async () => {
      await gate; // hold every request, so one tick's claims are all there is to see
      return { kind: "accepted", statusCode: 201 };
    });
    runner = createDeliveryRunner({
      db,
      sender,
      workerId: "w1",
      resolveAudience: compileAudience,
      concurrency: 8,
      perOriginConcurrency: 8,
      now: () => NOW.getTime(),
      log: () => {},
    });
    await runner.tick();
    const campaignOf = (c: (typeof calls)[number]) =>
      (JSON.parse(c.message.payload) as PushPayload).notification.data.pushboard.campaignId;
    return { order: calls.map(campaignOf), bulk, api };
  }

  it("a small API send's deliveries are claimed first, ahead of an older bulk campaign's backlog", async () => {
    const { order, bulk, api } = await firstTick(test.db, 5, 1);
    expect(order).toEqual([api, api, api, api, api, bulk, bulk, bulk]);
  });

  it("without priority the older campaign goes first (the order above is the priority's doing)", async () => {
    const { order, bulk } = await firstTick(test.db, 5, 0);
    expect(order.slice(0, 4)).toEqual([bulk, bulk, bulk, bulk]);
  });

  it("the bulk campaign is not starved: it keeps a quarter of the slots while priority sends have more", async () => {
    const { order, bulk, api } = await firstTick(test.db, 40, 1);
    expect(order).toEqual([api, api, api, api, api, api, bulk, bulk]);
  });
});
