import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { subscriptions, subscriptionTopics, users } from "@/lib/db/schema";
import { saveSubscription, unsubscribe, updateSubscriptionTopics } from "@/lib/subscriptions/mutations";
import { getSubscription } from "@/lib/subscriptions/queries";
import { SubscriptionError } from "@/lib/subscriptions/errors";
import { createTestDb } from "@/test/support/db";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { CHROME_LINUX_UA, VAPID, browserSubscription, seedTopics } from "./helpers";

const now = new Date("2030-01-02T03:04:05Z");
const ctx = { extraHosts: [] as string[], vapidPublicKey: VAPID.publicKey, userAgent: CHROME_LINUX_UA, now };

function rowCount(db: Db) {
  return db.select().from(subscriptions).all().length;
}

function expectError(run: () => unknown, code: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SubscriptionError);
    expect((error as SubscriptionError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

async function expectRejection(run: Promise<unknown>, code: string) {
  const error = await run.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SubscriptionError);
  expect((error as SubscriptionError).code).toBe(code);
}

describe("saveSubscription", () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
    seedTopics(db);
  });

  it("creates a row with everything the dashboard needs", () => {
    const input = browserSubscription({ topics: ["news", "status"] });
    const result = saveSubscription(db, input, ctx);
    expect(result).toEqual({
      created: true,
      subscription: { status: "active", topics: ["news", "status"], pushService: "fcm", createdAt: now.getTime() },
    });
    const row = db.select().from(subscriptions).get()!;
    expect(row).toMatchObject({
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      pushService: "fcm",
      pushHost: "fcm.googleapis.com",
      browser: "chrome",
      platform: "linux",
      language: "en-GB",
      timeZone: "Europe/London",
      vapidPublicKey: VAPID.publicKey,
      userId: null,
    });
  });

  it("refreshes by endpoint instead of duplicating, keeping topics when none are sent", () => {
    const input = browserSubscription({ topics: ["offers"] });
    saveSubscription(db, input, ctx);
    const again = saveSubscription(
      db,
      { ...input, topics: undefined, expirationTime: 1_900_000_000_000 },
      { ...ctx, now: new Date(now.getTime() + 1000) },
    );
    expect(again.created).toBe(false);
    expect(again.subscription.topics).toEqual(["offers"]);
    expect(rowCount(db)).toBe(1);
    expect(db.select().from(subscriptions).get()!.expirationTime?.getTime()).toBe(1_900_000_000_000);
  });

  it("refuses a refresh of an active endpoint with other keys", () => {
    const input = browserSubscription();
    saveSubscription(db, input, ctx);
    const other = browserSubscription({ endpoint: input.endpoint });
    expectError(() => saveSubscription(db, other, ctx), "conflict");
    expect(db.select().from(subscriptions).get()!.auth).toBe(input.keys.auth);
  });

  it("writes nothing for a refused endpoint, bad keys, unknown topics or another VAPID key", () => {
    expectError(
      () => saveSubscription(db, browserSubscription({ endpoint: "https://evil.example/x.apple.com/" }), ctx),
      "endpoint_refused",
    );
    const badKey = browserSubscription();
    badKey.keys.p256dh = `${badKey.keys.p256dh.slice(0, -3)}AAA`;
    expectError(() => saveSubscription(db, badKey, ctx), "invalid_keys");
    expectError(() => saveSubscription(db, browserSubscription({ topics: ["news", "nope"] }), ctx), "unknown_topics");
    expectError(
      () => saveSubscription(db, browserSubscription({ vapidPublicKey: `B${"A".repeat(86)}` }), ctx),
      "vapid_key_mismatch",
    );
    expect(rowCount(db)).toBe(0);
    expect(db.select().from(subscriptionTopics).all()).toHaveLength(0);
  });

  it("links the subscription to a signed-in admin", () => {
    const user = db.insert(users).values({ email: "a@b.c", passwordHash: "x", role: "owner" }).returning().get();
    saveSubscription(db, browserSubscription(), { ...ctx, userId: user.id });
    expect(db.select().from(subscriptions).get()!.userId).toBe(user.id);
  });

  it("replaces a proven old subscription in place, keeping its topics and row", () => {
    const old = browserSubscription({ topics: ["status"] });
    saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ topics: undefined, oldEndpoint: old.endpoint, oldAuth: old.keys.auth });
    const result = saveSubscription(db, fresh, ctx);
    expect(result).toMatchObject({ created: false, subscription: { topics: ["status"], status: "active" } });
    expect(rowCount(db)).toBe(1);
    expect(db.select().from(subscriptions).get()!.endpoint).toBe(fresh.endpoint);
  });

  it("refuses a replacement without the old auth secret and changes nothing", () => {
    const old = browserSubscription();
    saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ oldEndpoint: old.endpoint, oldAuth: browserSubscription().keys.auth });
    expectError(() => saveSubscription(db, fresh, ctx), "not_found");
    expect(
      db
        .select()
        .from(subscriptions)
        .all()
        .map((r) => r.endpoint),
    ).toEqual([old.endpoint]);
  });
});

describe("changing and cancelling needs the subscription's auth secret", () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
    seedTopics(db);
  });

  it("patches topics with proof, refuses without it", async () => {
    const input = browserSubscription({ topics: ["news"] });
    saveSubscription(db, input, ctx);
    const proof = { endpoint: input.endpoint, auth: input.keys.auth };
    expect(updateSubscriptionTopics(db, { ...proof, topics: ["offers", "status"] }, now).topics).toEqual([
      "offers",
      "status",
    ]);
    expectError(
      () => updateSubscriptionTopics(db, { ...proof, auth: browserSubscription().keys.auth, topics: [] }, now),
      "not_found",
    );
    expectError(() => updateSubscriptionTopics(db, { ...proof, topics: ["ghost"] }, now), "unknown_topics");
    expect((await getSubscription(sqliteAppDb(db), proof)).topics).toEqual(["offers", "status"]);
  });

  it("unsubscribes by wiping keys and keeping the row; later changes are refused", async () => {
    const input = browserSubscription();
    saveSubscription(db, input, ctx);
    const proof = { endpoint: input.endpoint, auth: input.keys.auth };
    expectError(
      () => unsubscribe(db, { endpoint: input.endpoint, auth: browserSubscription().keys.auth }, now),
      "not_found",
    );
    expect(db.select().from(subscriptions).get()!.status).toBe("active");
    unsubscribe(db, proof, now);
    const row = db.select().from(subscriptions).where(eq(subscriptions.endpoint, input.endpoint)).get()!;
    expect(row).toMatchObject({ status: "unsubscribed", p256dh: null, auth: null, unsubscribedAt: now });
    expectError(() => unsubscribe(db, proof, now), "not_found");
    await expectRejection(getSubscription(sqliteAppDb(db), proof), "not_found");
  });

  it("refuses the unsubscribed endpoint itself afterwards (a browser's next subscribe gets a new one)", () => {
    const input = browserSubscription();
    saveSubscription(db, input, ctx);
    unsubscribe(db, { endpoint: input.endpoint, auth: input.keys.auth }, now);
    expectError(() => saveSubscription(db, input, ctx), "gone");
    expect(db.select().from(subscriptions).get()!).toMatchObject({ status: "unsubscribed", unsubscribedAt: now });
  });
});
