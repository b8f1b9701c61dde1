import { describe, expect, it } from "vitest";
import {
  countSubscriptionsOfUsers,
  setSubscriptionUser,
  subscriptionIdsOfUsers,
  subscriptionsOfUser,
  SubscriptionNotFoundError,
} from "@/lib/identity/devices";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import type { Db } from "@/lib/db/app-db";

const now = new Date("2030-01-02T03:04:05Z");

async function refusal(run: Promise<unknown>) {
  return run.then(
    () => null,
    (error: unknown) => error as { code: string; message: string },
  );
}

async function externalIdOf(db: Db, id: number) {
  const { subscriptions } = db.tables;
  const rows = await db.select({ externalId: subscriptions.externalId, id: subscriptions.id }).from(subscriptions);
  return rows.find((row) => row.id === id)?.externalId;
}

describe.each(ENGINES)("a user's devices on %s", (engine) => {
  const test = useTestDb(engine);

  it("links a subscription to a user and back, answering the list's DTO", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news", name: "News" });
    const endpoint = "https://fcm.googleapis.com/fcm/send/secret-capability-abcdef";
    const id = await seedSubscription(db, { endpoint, topicIds: [news] });
    const dto = await setSubscriptionUser(db, id, "user-42", now);
    expect(dto).toMatchObject({ id, externalId: "user-42", status: "active", topics: ["News"], pushService: "fcm" });
    expect(dto.endpoint).not.toBe(endpoint);
    expect(JSON.stringify(dto)).not.toMatch(/p256dh|auth/);
    expect(await externalIdOf(db, id)).toBe("user-42");
    expect((await setSubscriptionUser(db, id, null, now)).externalId).toBeNull();
    expect(await externalIdOf(db, id)).toBeNull();
  });

  it("refuses an unknown subscription (not_found) and ugly ids (invalid_input), changing nothing", async () => {
    const db = test.db;
    const id = await seedSubscription(db, { externalId: "keep" });
    const missing = await refusal(setSubscriptionUser(db, id + 1000, "user-42", now));
    expect(missing).toBeInstanceOf(SubscriptionNotFoundError);
    expect(missing).toMatchObject({ code: "not_found" });
    for (const bad of ["x".repeat(129), "user\n42", " user-42", ""]) {
      expect(await refusal(setSubscriptionUser(db, id, bad, now)), JSON.stringify(bad)).toMatchObject({
        code: "invalid_input",
      });
    }
    expect(await externalIdOf(db, id)).toBe("keep");
    // exactly 128 characters is fine
    expect((await setSubscriptionUser(db, id, "y".repeat(128), now)).externalId).toBe("y".repeat(128));
  });

  it("lists a user's devices active first, newest first, within the limit; ids are exact (case, no trim)", async () => {
    const db = test.db;
    const oldActive = await seedSubscription(db, { externalId: "user-42" });
    const gone = await seedSubscription(db, { externalId: "user-42", status: "unsubscribed" });
    const newActive = await seedSubscription(db, { externalId: "user-42" });
    await seedSubscription(db, { externalId: "User-42" });
    await seedSubscription(db, { externalId: "user-43" });
    await seedSubscription(db);
    const devices = await subscriptionsOfUser(db, "user-42");
    expect(devices.map((d) => d.id)).toEqual([newActive, oldActive, gone]);
    expect(devices.every((d) => d.externalId === "user-42")).toBe(true);
    expect((await subscriptionsOfUser(db, "user-42", { limit: 1 })).map((d) => d.id)).toEqual([newActive]);
    expect(await subscriptionsOfUser(db, "nobody")).toEqual([]);
    expect(await subscriptionsOfUser(db, "user-42", { limit: 10_000 })).toHaveLength(3);
    expect(await refusal(subscriptionsOfUser(db, "user-42\u0000"))).toMatchObject({ code: "invalid_input" });
  });

  it("counts devices per user, every id asked for present", async () => {
    const db = test.db;
    await seedSubscription(db, { externalId: "a" });
    await seedSubscription(db, { externalId: "a", status: "expired" });
    await seedSubscription(db, { externalId: "b" });
    const counts = await countSubscriptionsOfUsers(db, ["a", "b", "c", "a"]);
    expect([...counts]).toEqual([
      ["a", { active: 1, total: 2 }],
      ["b", { active: 1, total: 1 }],
      ["c", { active: 0, total: 0 }],
    ]);
  });

  it("finds the active subscription ids of many users across IN-list chunks", async () => {
    const db = test.db;
    const { subscriptions } = db.tables;
    // 1,200 users, every third one with an active device: the ids cross the 500-id chunks
    const users = Array.from({ length: 1_200 }, (_, i) => `u${i}`);
    const rows = users
      .filter((_, i) => i % 3 === 0)
      .map((externalId, i) => ({
        endpoint: `https://fcm.googleapis.com/fcm/send/bulk-${i}`,
        pushService: "fcm" as const,
        pushHost: "fcm.googleapis.com",
        vapidPublicKey: "current-key",
        externalId,
      }));
    const inserted = await db.insert(subscriptions).values(rows).returning({ id: subscriptions.id });
    await seedSubscription(db, { externalId: "u0", status: "unsubscribed" });
    await seedSubscription(db, { externalId: "u0" }); // a second device of u0
    const second = (await subscriptionsOfUser(db, "u0"))[0]!.id;
    const ids = await subscriptionIdsOfUsers(db, [...users, "u0"]);
    expect(ids).toEqual([...inserted.map((r) => r.id), second].sort((a, b) => a - b));
    expect(await subscriptionIdsOfUsers(db, ["nobody"])).toEqual([]);
    expect(await refusal(subscriptionIdsOfUsers(db, []))).toMatchObject({ code: "invalid_input" });
    const tooMany = Array.from({ length: 10_001 }, (_, i) => `v${i}`);
    expect(await refusal(subscriptionIdsOfUsers(db, tooMany))).toMatchObject({ code: "invalid_input" });
    expect(await refusal(subscriptionIdsOfUsers(db, ["ok", "x".repeat(129)]))).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^User id 1: /),
    });
  });
});
