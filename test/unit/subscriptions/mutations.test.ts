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

async function allSubscriptions(db: Db) {
  const { subscriptions } = db.tables;
  return db.select().from(subscriptions).orderBy(subscriptions.id);
}

async function onlySubscription(db: Db) {
  const [row] = await allSubscriptions(db);
  return row!;
}

async function expectRejection(run: Promise<unknown>, code: string) {
  const error = await run.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SubscriptionError);
  expect((error as SubscriptionError).code).toBe(code);
}

describe.each(ENGINES)("saveSubscription on %s", (engine) => {
  const test = useTestDb(engine);
  beforeEach(async () => {
    await seedTopicsIn(test.db);
  });

  it("creates a row with everything the dashboard needs", async () => {
    const db = test.db;
    const input = browserSubscription({ topics: ["news", "status"] });
    const result = await saveSubscription(db, input, ctx);
    expect(result).toEqual({
      created: true,
      subscription: { status: "active", topics: ["news", "status"], pushService: "fcm", createdAt: now.getTime() },
    });
    expect(await onlySubscription(db)).toMatchObject({
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

  it("refreshes by endpoint instead of duplicating, keeping topics when none are sent", async () => {
    const db = test.db;
    const input = browserSubscription({ topics: ["offers"] });
    await saveSubscription(db, input, ctx);
    const again = await saveSubscription(
      db,
      { ...input, topics: undefined, expirationTime: 1_900_000_000_000 },
      { ...ctx, now: new Date(now.getTime() + 1000) },
    );
    expect(again.created).toBe(false);
    expect(again.subscription.topics).toEqual(["offers"]);
    expect(await allSubscriptions(db)).toHaveLength(1);
    expect((await onlySubscription(db)).expirationTime?.getTime()).toBe(1_900_000_000_000);
  });

  it("refuses a refresh of an active endpoint with other keys", async () => {
    const db = test.db;
    const input = browserSubscription();
    await saveSubscription(db, input, ctx);
    const other = browserSubscription({ endpoint: input.endpoint });
    await expectRejection(saveSubscription(db, other, ctx), "conflict");
    expect((await onlySubscription(db)).auth).toBe(input.keys.auth);
  });

  it("writes nothing for a refused endpoint, bad keys, unknown topics or another VAPID key", async () => {
    const db = test.db;
    await expectRejection(
      saveSubscription(db, browserSubscription({ endpoint: "https://evil.example/x.apple.com/" }), ctx),
      "endpoint_refused",
    );
    const badKey = browserSubscription();
    badKey.keys.p256dh = `${badKey.keys.p256dh.slice(0, -3)}AAA`;
    await expectRejection(saveSubscription(db, badKey, ctx), "invalid_keys");
    await expectRejection(
      saveSubscription(db, browserSubscription({ topics: ["news", "nope"] }), ctx),
      "unknown_topics",
    );
    await expectRejection(
      saveSubscription(db, browserSubscription({ vapidPublicKey: `B${"A".repeat(86)}` }), ctx),
      "vapid_key_mismatch",
    );
    expect(await allSubscriptions(db)).toHaveLength(0);
    expect(await db.select().from(db.tables.subscriptionTopics)).toHaveLength(0);
  });

  it("links the subscription to a signed-in admin", async () => {
    const db = test.db;
    const [user] = await db
      .insert(db.tables.users)
      .values({ email: "a@b.c", passwordHash: "x", role: "owner" })
      .returning();
    await saveSubscription(db, browserSubscription(), { ...ctx, userId: user!.id });
    expect((await onlySubscription(db)).userId).toBe(user!.id);
  });

  it("replaces a proven old subscription in place, keeping its topics and row", async () => {
    const db = test.db;
    const old = browserSubscription({ topics: ["status"] });
    await saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ topics: undefined, oldEndpoint: old.endpoint, oldAuth: old.keys.auth });
    const result = await saveSubscription(db, fresh, ctx);
    expect(result).toMatchObject({ created: false, subscription: { topics: ["status"], status: "active" } });
    expect(await allSubscriptions(db)).toHaveLength(1);
    expect((await onlySubscription(db)).endpoint).toBe(fresh.endpoint);
  });

  it("refuses a replacement without the old auth secret and changes nothing", async () => {
    const db = test.db;
    const old = browserSubscription();
    await saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ oldEndpoint: old.endpoint, oldAuth: browserSubscription().keys.auth });
    await expectRejection(saveSubscription(db, fresh, ctx), "not_found");
    expect((await allSubscriptions(db)).map((r) => r.endpoint)).toEqual([old.endpoint]);
  });

  it("stores one row for the same new endpoint saved twice at once", async () => {
    const db = test.db;
    const input = browserSubscription({ topics: ["news", "offers"] });
    const results = await Promise.all([saveSubscription(db, input, ctx), saveSubscription(db, input, ctx)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results.map((r) => r.subscription.topics)).toEqual([
      ["news", "offers"],
      ["news", "offers"],
    ]);
    expect(await allSubscriptions(db)).toHaveLength(1);
    expect(await db.select().from(db.tables.subscriptionTopics)).toHaveLength(2);
  });

  it("ends with one active row when a replacement and a plain save of its new endpoint race", async () => {
    const db = test.db;
    for (let round = 0; round < 5; round++) {
      const old = browserSubscription({ topics: ["status"] });
      await saveSubscription(db, old, ctx);
      const fresh = browserSubscription({ topics: undefined, oldEndpoint: old.endpoint, oldAuth: old.keys.auth });
      const plain = { ...fresh, oldEndpoint: undefined, oldAuth: undefined, topics: ["news"] };
      await Promise.all([saveSubscription(db, fresh, ctx), saveSubscription(db, plain, ctx)]);
      const rows = (await allSubscriptions(db)).filter((row) => [old.endpoint, fresh.endpoint].includes(row.endpoint));
      expect(rows.filter((row) => row.status === "active").map((row) => row.endpoint)).toEqual([fresh.endpoint]);
    }
  });
});

describe.each(ENGINES)("changing and cancelling needs the subscription's auth secret on %s", (engine) => {
  const test = useTestDb(engine);
  beforeEach(async () => {
    await seedTopicsIn(test.db);
  });

  it("patches topics with proof, refuses without it", async () => {
    const db = test.db;
    const input = browserSubscription({ topics: ["news"] });
    await saveSubscription(db, input, ctx);
    const proof = { endpoint: input.endpoint, auth: input.keys.auth };
    expect((await updateSubscriptionTopics(db, { ...proof, topics: ["offers", "status"] }, now)).topics).toEqual([
      "offers",
      "status",
    ]);
    await expectRejection(
      updateSubscriptionTopics(db, { ...proof, auth: browserSubscription().keys.auth, topics: [] }, now),
      "not_found",
    );
    await expectRejection(updateSubscriptionTopics(db, { ...proof, topics: ["ghost"] }, now), "unknown_topics");
    expect((await getSubscription(db, proof)).topics).toEqual(["offers", "status"]);
  });

  it("unsubscribes by wiping keys and keeping the row; later changes are refused", async () => {
    const db = test.db;
    const input = browserSubscription();
    await saveSubscription(db, input, ctx);
    const proof = { endpoint: input.endpoint, auth: input.keys.auth };
    await expectRejection(
      unsubscribe(db, { endpoint: input.endpoint, auth: browserSubscription().keys.auth }, now),
      "not_found",
    );
    expect((await onlySubscription(db)).status).toBe("active");
    await unsubscribe(db, proof, now);
    const { subscriptions } = db.tables;
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.endpoint, input.endpoint));
    expect(row).toMatchObject({ status: "unsubscribed", p256dh: null, auth: null, unsubscribedAt: now });
    await expectRejection(unsubscribe(db, proof, now), "not_found");
    await expectRejection(getSubscription(db, proof), "not_found");
  });

  it("refuses the unsubscribed endpoint itself afterwards (a browser's next subscribe gets a new one)", async () => {
    const db = test.db;
    const input = browserSubscription();
    await saveSubscription(db, input, ctx);
    await unsubscribe(db, { endpoint: input.endpoint, auth: input.keys.auth }, now);
    await expectRejection(saveSubscription(db, input, ctx), "gone");
    expect(await onlySubscription(db)).toMatchObject({ status: "unsubscribed", unsubscribedAt: now });
  });
});

describe("the PostgreSQL write path", () => {
  const test = useTestDb("postgres");

  it("decides a replacement again when its new endpoint is stored while it runs", async () => {
    const db = test.db;
    await seedTopicsIn(db);
    const old = browserSubscription({ topics: ["status"] });
    await saveSubscription(db, old, ctx);
    const fresh = browserSubscription({ topics: undefined, oldEndpoint: old.endpoint, oldAuth: old.keys.auth });
    const plain = { ...fresh, oldEndpoint: undefined, oldAuth: undefined, topics: ["news"] };

    // another request stores the new endpoint and holds its transaction open until the replacement runs
    let stored!: () => void;
    let commit!: () => void;
    const storedYet = new Promise<void>((resolve) => (stored = resolve));
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const other = db.transaction(async (tx) => {
      await saveSubscription(tx, plain, ctx);
      stored();
      await committing;
    });
    await storedYet;
    const replacing = saveSubscription(db, fresh, ctx);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the replacement now waits on the unique index
    commit();
    await other;
    // the endpoint's row is refreshed, the old one retired and its topics carried over
    expect(await replacing).toMatchObject({ created: false, subscription: { status: "active", topics: ["status"] } });
    const rows = await allSubscriptions(db);
    expect(rows.map(({ endpoint, status }) => ({ endpoint, status }))).toEqual([
      { endpoint: old.endpoint, status: "unsubscribed" },
      { endpoint: fresh.endpoint, status: "active" },
    ]);
  });
});

describe("the SQLite write path", () => {
  const test = useTestDb("sqlite");

  it("runs inside a transaction's tx at once instead of waiting for group commit", async () => {
    const db = test.db;
    await seedTopicsIn(db);
    const input = browserSubscription({ topics: ["news"] });
    const saved = await db.transaction(async (tx) => saveSubscription(tx, input, ctx));
    expect(saved.created).toBe(true);
    expect(await allSubscriptions(db)).toHaveLength(1);
  });
});
