// The visitor's read side (lookup, test push): proof of the auth secret, the endpoint in any spelling.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { SubscriptionError } from "@/lib/subscriptions/errors";
import { getSubscription, requireProvenSubscription } from "@/lib/subscriptions/queries";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { browserKeys, seedSubscription, seedTopic } from "@/test/support/seeds";

async function authOf(db: Db, id: number): Promise<string> {
  const { subscriptions } = db.tables;
  const [row] = await db.select({ auth: subscriptions.auth }).from(subscriptions).where(eq(subscriptions.id, id));
  return row!.auth!;
}

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SubscriptionError);
  return (error as SubscriptionError).code;
}

describe.each(ENGINES)("subscription lookup on %s", (engine) => {
  const test = useTestDb(engine);

  it("reads the proven subscription with its topics in their order, in any spelling of the endpoint", async () => {
    const db = test.db;
    const offers = await seedTopic(db, { slug: "offers", position: 2 });
    const news = await seedTopic(db, { slug: "news", position: 1 });
    const createdAt = new Date("2026-04-01T09:30:00.123Z");
    const endpoint = "https://fcm.googleapis.com/fcm/send/Look-Up";
    const id = await seedSubscription(db, { endpoint, topicIds: [offers, news], createdAt });
    const auth = await authOf(db, id);
    expect(await getSubscription(db, { endpoint, auth })).toEqual({
      status: "active",
      topics: ["news", "offers"],
      pushService: "fcm",
      createdAt: createdAt.getTime(),
    });
    const respelled = "HTTPS://FCM.GoogleAPIs.com:443/fcm/send/Look-Up";
    expect(await requireProvenSubscription(db, { endpoint: respelled, auth })).toMatchObject({ id, endpoint });
  });

  it("gives one answer for a wrong secret, an unknown endpoint and a subscription that was turned off", async () => {
    const db = test.db;
    const endpoint = "https://fcm.googleapis.com/fcm/send/kept";
    const id = await seedSubscription(db, { endpoint });
    const goneEndpoint = "https://fcm.googleapis.com/fcm/send/gone";
    const gone = await seedSubscription(db, { endpoint: goneEndpoint, status: "unsubscribed" });
    const auth = await authOf(db, id);
    expect(await refusal(getSubscription(db, { endpoint, auth: browserKeys().auth }))).toBe("not_found");
    expect(await refusal(getSubscription(db, { endpoint: `${endpoint}-other`, auth }))).toBe("not_found");
    expect(await refusal(getSubscription(db, { endpoint: goneEndpoint, auth: await authOf(db, gone) }))).toBe(
      "not_found",
    );
  });
});
