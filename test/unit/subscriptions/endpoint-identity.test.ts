// One push resource is one subscription, however its endpoint is spelled; an endpoint that was turned
// off stays off. Against a real database of each engine with the real migrations.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { saveSubscription, unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { getSubscription } from "@/lib/subscriptions/queries";
import { SubscriptionError } from "@/lib/subscriptions/errors";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { CHROME_LINUX_UA, VAPID, browserSubscription, seedTopicsIn } from "./helpers";

const now = new Date("2030-01-02T03:04:05Z");
const ctx = { extraHosts: [] as string[], vapidPublicKey: VAPID.publicKey, userAgent: CHROME_LINUX_UA, now };

const MOZILLA = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9aBc";
const SPELLINGS = [
  "HTTPS://Updates.Push.Services.Mozilla.com/wpush/v2/gAAAAABk-Zx_Q9aBc",
  "https://updates.push.services.mozilla.com./wpush/v2/gAAAAABk-Zx_Q9aBc",
  "https://updates.push.services.mozilla.com:443/wpush/v2/gAAAAABk-Zx_Q9aBc",
  "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9aBc?",
  "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9aBc#",
  "HTTPS://UPDATES.push.services.mozilla.COM.:443/wpush/v2/gAAAAABk-Zx_Q9aBc?#",
];

async function codeOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => {
      throw new Error("expected a SubscriptionError");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SubscriptionError);
  return (error as SubscriptionError).code;
}

const tables = async (db: Db) => {
  const { subscriptions, subscriptionTopics } = db.tables;
  return {
    subscriptions: await db.select().from(subscriptions).orderBy(subscriptions.id),
    topics: await db
      .select()
      .from(subscriptionTopics)
      .orderBy(subscriptionTopics.subscriptionId, subscriptionTopics.topicId),
  };
};

const endpoints = async (db: Db) => {
  const { subscriptions } = db.tables;
  return db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).orderBy(subscriptions.id);
};

describe.each(ENGINES)("endpoint identity on %s", (engine) => {
  const test = useTestDb(engine);
  let db: Db;
  beforeEach(async () => {
    db = test.db;
    await seedTopicsIn(db);
  });

  describe("an endpoint in any spelling is one subscription", () => {
    it("stores the canonical spelling and refreshes the same row for every other one", async () => {
      const first = browserSubscription({ endpoint: SPELLINGS[0] });
      expect((await saveSubscription(db, first, ctx)).created).toBe(true);
      for (const endpoint of SPELLINGS)
        expect((await saveSubscription(db, { ...first, endpoint }, ctx)).created).toBe(false);
      expect(await endpoints(db)).toEqual([{ endpoint: MOZILLA }]);
    });

    it("refuses another spelling with other keys as the conflict it is, instead of a second active row", async () => {
      await saveSubscription(db, browserSubscription({ endpoint: MOZILLA }), ctx);
      for (const endpoint of SPELLINGS)
        expect(await codeOf(saveSubscription(db, browserSubscription({ endpoint }), ctx))).toBe("conflict");
      expect(await endpoints(db)).toHaveLength(1);
    });

    it("keeps path and query case: tokens that differ only in case are two subscriptions", async () => {
      await saveSubscription(db, browserSubscription({ endpoint: "https://fcm.googleapis.com/fcm/send/AbC:XyZ" }), ctx);
      await saveSubscription(db, browserSubscription({ endpoint: "https://fcm.googleapis.com/fcm/send/abc:xyz" }), ctx);
      await saveSubscription(
        db,
        browserSubscription({ endpoint: "https://DB5.notify.windows.com/w/?token=AbC%2bDeF" }),
        ctx,
      );
      expect((await endpoints(db)).map((r) => r.endpoint)).toEqual([
        "https://fcm.googleapis.com/fcm/send/AbC:XyZ",
        "https://fcm.googleapis.com/fcm/send/abc:xyz",
        "https://db5.notify.windows.com/w/?token=AbC%2bDeF",
      ]);
    });

    it("finds the subscription for lookup, topic changes and unsubscribing in any spelling", async () => {
      const input = browserSubscription({ endpoint: MOZILLA, topics: ["news"] });
      await saveSubscription(db, input, ctx);
      const [upper, dotted, , , , all] = SPELLINGS;
      expect((await getSubscription(db, { endpoint: upper!, auth: input.keys.auth })).topics).toEqual(["news"]);
      expect(
        (await updateSubscriptionTopics(db, { endpoint: dotted!, auth: input.keys.auth, topics: ["offers"] }, now))
          .topics,
      ).toEqual(["offers"]);
      await unsubscribe(db, { endpoint: all!, auth: input.keys.auth }, now);
      expect((await tables(db)).subscriptions).toMatchObject([{ status: "unsubscribed", auth: null }]);
    });

    it("matches a replacement's old endpoint in any spelling", async () => {
      const old = browserSubscription({ endpoint: MOZILLA, topics: ["status"] });
      await saveSubscription(db, old, ctx);
      const fresh = browserSubscription({ topics: undefined, oldEndpoint: SPELLINGS[0], oldAuth: old.keys.auth });
      expect(await saveSubscription(db, fresh, ctx)).toMatchObject({
        created: false,
        subscription: { topics: ["status"] },
      });
      expect(await endpoints(db)).toEqual([{ endpoint: fresh.endpoint }]);
    });
  });

  describe("a turned-off endpoint stays off", () => {
    it("refuses an unsubscribed endpoint re-posted with other keys, in any spelling, with gone and no write", async () => {
      const input = browserSubscription({ endpoint: MOZILLA });
      await saveSubscription(db, input, ctx);
      await unsubscribe(db, { endpoint: MOZILLA, auth: input.keys.auth }, now);
      const before = await tables(db);
      for (const endpoint of [MOZILLA, ...SPELLINGS]) {
        expect(
          await codeOf(
            saveSubscription(db, browserSubscription({ endpoint, topics: ["offers"] }), {
              ...ctx,
              now: new Date(now.getTime() + 60_000),
            }),
          ),
        ).toBe("gone");
      }
      expect(await codeOf(saveSubscription(db, input, ctx))).toBe("gone"); // its own old keys too: unsubscribing wiped them
      expect(await tables(db)).toEqual(before);
    });

    it("refuses an endpoint its push service declared gone (404/410)", async () => {
      const input = browserSubscription();
      await saveSubscription(db, input, ctx);
      const { subscriptions } = db.tables;
      await db
        .update(subscriptions)
        .set({ status: "expired", expiredAt: now })
        .where(eq(subscriptions.endpoint, input.endpoint));
      const before = await tables(db);
      expect(await codeOf(saveSubscription(db, input, ctx))).toBe("gone");
      expect(await tables(db)).toEqual(before);
    });

    it("still takes the new endpoint the browser's next subscribe() gets", async () => {
      const input = browserSubscription();
      await saveSubscription(db, input, ctx);
      await unsubscribe(db, { endpoint: input.endpoint, auth: input.keys.auth }, now);
      expect((await saveSubscription(db, browserSubscription(), ctx)).created).toBe(true);
      expect((await tables(db)).subscriptions.map(({ status }) => ({ status }))).toEqual([
        { status: "unsubscribed" },
        { status: "active" },
      ]);
    });
  });
});
