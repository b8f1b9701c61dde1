// One push resource is one subscription, however its endpoint is spelled; an endpoint that was turned
// off stays off. Against a real database with the real migrations.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { subscriptions, subscriptionTopics } from "@/lib/db/schema";
import { saveSubscription, unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { getSubscription } from "@/lib/subscriptions/queries";
import { SubscriptionError } from "@/lib/subscriptions/errors";
import { createTestDb } from "@/test/support/db";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { CHROME_LINUX_UA, VAPID, browserSubscription, seedTopics } from "./helpers";

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

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SubscriptionError);
    return (error as SubscriptionError).code;
  }
  throw new Error("expected a SubscriptionError");
}

const tables = (db: Db) => ({
  subscriptions: db.select().from(subscriptions).orderBy(subscriptions.id).all(),
  topics: db
    .select()
    .from(subscriptionTopics)
    .orderBy(subscriptionTopics.subscriptionId, subscriptionTopics.topicId)
    .all(),
});

let db: Db;
beforeEach(() => {
  db = createTestDb();
  seedTopics(db);
});

describe("an endpoint in any spelling is one subscription", () => {
  it("stores the canonical spelling and refreshes the same row for every other one", () => {
    const first = browserSubscription({ endpoint: SPELLINGS[0] });
    expect(saveSubscription(db, first, ctx).created).toBe(true);
    for (const endpoint of SPELLINGS) expect(saveSubscription(db, { ...first, endpoint }, ctx).created).toBe(false);
    expect(db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).all()).toEqual([{ endpoint: MOZILLA }]);
  });

  it("refuses another spelling with other keys as the conflict it is, instead of a second active row", () => {
    saveSubscription(db, browserSubscription({ endpoint: MOZILLA }), ctx);
    for (const endpoint of SPELLINGS)
      expect(codeOf(() => saveSubscription(db, browserSubscription({ endpoint }), ctx))).toBe("conflict");
    expect(db.select().from(subscriptions).all()).toHaveLength(1);
  });

  it("keeps path and query case: tokens that differ only in case are two subscriptions", () => {
    saveSubscription(db, browserSubscription({ endpoint: "https://fcm.googleapis.com/fcm/send/AbC:XyZ" }), ctx);
    saveSubscription(db, browserSubscription({ endpoint: "https://fcm.googleapis.com/fcm/send/abc:xyz" }), ctx);
    saveSubscription(db, browserSubscription({ endpoint: "https://DB5.notify.windows.com/w/?token=AbC%2bDeF" }), ctx);
    expect(
      db
        .select({ endpoint: subscriptions.endpoint })
        .from(subscriptions)
        .orderBy(subscriptions.id)
        .all()
        .map((r) => r.endpoint),
    ).toEqual([
      "https://fcm.googleapis.com/fcm/send/AbC:XyZ",
      "https://fcm.googleapis.com/fcm/send/abc:xyz",
      "https://db5.notify.windows.com/w/?token=AbC%2bDeF",
    ]);
  });

  it("finds the subscription for lookup, topic changes and unsubscribing in any spelling", async () => {
    const input = browserSubscription({ endpoint: MOZILLA, topics: ["news"] });
    saveSubscription(db, input, ctx);
    const [upper, dotted, , , , all] = SPELLINGS;
    expect((await getSubscription(sqliteAppDb(db), { endpoint: upper!, auth: input.keys.auth })).topics).toEqual([
      "news",
    ]);
    expect(
      updateSubscriptionTopics(db, { endpoint: dotted!, auth: input.keys.auth, topics: ["offers"] }, now).topics,
    ).toEqual(["offers"]);
    unsubscribe(db, { endpoint: all!, auth: input.keys.auth }, now);
    expect(db.select().from(subscriptions).get()).toMatchObject({ status: "unsubscribed", auth: null });
  });

  it("matches a replacement's old endpoint in any spelling", () => {
    const old = browserSubscription({ endpoint: MOZILLA, topics: ["status"] });
    saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ topics: undefined, oldEndpoint: SPELLINGS[0], oldAuth: old.keys.auth });
    expect(saveSubscription(db, fresh, ctx)).toMatchObject({ created: false, subscription: { topics: ["status"] } });
    expect(db.select({ endpoint: subscriptions.endpoint }).from(subscriptions).all()).toEqual([
      { endpoint: fresh.endpoint },
    ]);
  });
});

describe("a turned-off endpoint stays off", () => {
  it("refuses an unsubscribed endpoint re-posted with other keys, in any spelling, with gone and no write", () => {
    const input = browserSubscription({ endpoint: MOZILLA });
    saveSubscription(db, input, ctx);
    unsubscribe(db, { endpoint: MOZILLA, auth: input.keys.auth }, now);
    const before = tables(db);
    for (const endpoint of [MOZILLA, ...SPELLINGS]) {
      expect(
        codeOf(() =>
          saveSubscription(db, browserSubscription({ endpoint, topics: ["offers"] }), {
            ...ctx,
            now: new Date(now.getTime() + 60_000),
          }),
        ),
      ).toBe("gone");
    }
    expect(codeOf(() => saveSubscription(db, input, ctx))).toBe("gone"); // its own old keys too: unsubscribing wiped them
    expect(tables(db)).toEqual(before);
  });

  it("refuses an endpoint its push service declared gone (404/410)", () => {
    const input = browserSubscription();
    saveSubscription(db, input, ctx);
    db.update(subscriptions)
      .set({ status: "expired", expiredAt: now })
      .where(eq(subscriptions.endpoint, input.endpoint))
      .run();
    const before = tables(db);
    expect(codeOf(() => saveSubscription(db, input, ctx))).toBe("gone");
    expect(tables(db)).toEqual(before);
  });

  it("still takes the new endpoint the browser's next subscribe() gets", () => {
    const input = browserSubscription();
    saveSubscription(db, input, ctx);
    unsubscribe(db, { endpoint: input.endpoint, auth: input.keys.auth }, now);
    expect(saveSubscription(db, browserSubscription(), ctx).created).toBe(true);
    expect(db.select({ status: subscriptions.status }).from(subscriptions).orderBy(subscriptions.id).all()).toEqual([
      { status: "unsubscribed" },
      { status: "active" },
    ]);
  });
});
