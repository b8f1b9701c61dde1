// The opt-in with the site's signed user id: both or neither, the signature checked against the
// install's current secret before anything is written.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { getIdentitySecret, rotateIdentitySecret } from "@/lib/identity/secret";
import { identitySignature } from "@/lib/identity/signature";
import { saveSubscription } from "@/lib/subscriptions/mutations";
import { createSubscriptionSchema } from "@/lib/subscriptions/schema";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { CHROME_LINUX_UA, VAPID, browserSubscription, seedTopicsIn } from "./helpers";

const now = new Date("2030-01-02T03:04:05Z");
const ctx = { extraHosts: [] as string[], vapidPublicKey: VAPID.publicKey, userAgent: CHROME_LINUX_UA, now };

async function stored(db: Db) {
  const { subscriptions, subscriptionTopics } = db.tables;
  return {
    rows: await db.select().from(subscriptions),
    topics: await db.select().from(subscriptionTopics),
  };
}

async function refusal(run: Promise<unknown>) {
  return run.then(
    () => null,
    (error: unknown) => error as { code: string; status: number; message: string },
  );
}

describe("the opt-in schema", () => {
  it("takes both or neither of externalId and externalIdSignature", () => {
    const signature = "ab".repeat(32);
    expect(createSubscriptionSchema.safeParse(browserSubscription()).success).toBe(true);
    const both = createSubscriptionSchema.parse(
      browserSubscription({ externalId: "user-42", externalIdSignature: signature.toUpperCase() }),
    );
    expect(both.externalIdSignature).toBe(signature);
    const onlyId = createSubscriptionSchema.safeParse(browserSubscription({ externalId: "user-42" }));
    expect(onlyId.error?.issues[0]).toMatchObject({
      path: ["externalIdSignature"],
      message: expect.stringMatching(/both, or neither/),
    });
    const onlySignature = createSubscriptionSchema.safeParse(browserSubscription({ externalIdSignature: signature }));
    expect(onlySignature.error?.issues[0]?.path).toEqual(["externalId"]);
    for (const externalId of ["x".repeat(129), "user\n42", "user-42 "]) {
      const parsed = createSubscriptionSchema.safeParse(
        browserSubscription({ externalId, externalIdSignature: signature }),
      );
      expect(parsed.success, JSON.stringify(externalId)).toBe(false);
    }
    const short = createSubscriptionSchema.safeParse(
      browserSubscription({ externalId: "user-42", externalIdSignature: signature.slice(2) }),
    );
    expect(short.success).toBe(false);
  });
});

describe.each(ENGINES)("a signed opt-in on %s", (engine) => {
  const test = useTestDb(engine);
  beforeEach(async () => {
    await seedTopicsIn(test.db);
  });

  it("stores the user id when the signature holds (upper-case hex too)", async () => {
    const db = test.db;
    const secret = await getIdentitySecret(db);
    const input = browserSubscription({
      topics: ["news"],
      externalId: "user-42",
      externalIdSignature: identitySignature(secret, "user-42").toUpperCase(),
    });
    const result = await saveSubscription(db, input, ctx);
    expect(result.created).toBe(true);
    const { rows } = await stored(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.externalId).toBe("user-42");
  });

  it("a wrong signature stores nothing: no row, no topics (403)", async () => {
    const db = test.db;
    const secret = await getIdentitySecret(db);
    for (const externalIdSignature of [
      identitySignature(secret, "user-43"), // a signature of another id
      identitySignature("not-the-secret", "user-42"),
    ]) {
      const input = browserSubscription({ topics: ["news"], externalId: "user-42", externalIdSignature });
      const error = await refusal(saveSubscription(db, input, ctx));
      expect(error).toMatchObject({ code: "forbidden", status: 403, message: expect.stringMatching(/does not match/) });
    }
    expect(await stored(db)).toEqual({ rows: [], topics: [] });
  });

  it("one without the other is refused (400) and stores nothing", async () => {
    const db = test.db;
    const secret = await getIdentitySecret(db);
    const onlyId = browserSubscription({ externalId: "user-42" });
    expect(await refusal(saveSubscription(db, onlyId, ctx))).toMatchObject({
      code: "invalid_input",
      status: 400,
      message: expect.stringMatching(/both, or neither/),
    });
    const onlySignature = browserSubscription({ externalIdSignature: identitySignature(secret, "user-42") });
    expect(await refusal(saveSubscription(db, onlySignature, ctx))).toMatchObject({ code: "invalid_input" });
    const ugly = browserSubscription({ externalId: "x".repeat(129), externalIdSignature: "0".repeat(64) });
    expect(await refusal(saveSubscription(db, ugly, ctx))).toMatchObject({ code: "invalid_input" });
    expect(await stored(db)).toEqual({ rows: [], topics: [] });
  });

  it("a rotated secret refuses the old signature", async () => {
    const db = test.db;
    const old = identitySignature(await getIdentitySecret(db), "user-42");
    const fresh = await rotateIdentitySecret(db, null, now);
    const input = browserSubscription({ externalId: "user-42", externalIdSignature: old });
    expect(await refusal(saveSubscription(db, input, ctx))).toMatchObject({ code: "forbidden" });
    expect((await stored(db)).rows).toEqual([]);
    const again = { ...input, externalIdSignature: identitySignature(fresh, "user-42") };
    expect((await saveSubscription(db, again, ctx)).created).toBe(true);
  });

  it("a refresh without an id keeps the stored one; a refresh with another signed id replaces it", async () => {
    const db = test.db;
    const secret = await getIdentitySecret(db);
    const input = browserSubscription({
      externalId: "user-42",
      externalIdSignature: identitySignature(secret, "user-42"),
    });
    await saveSubscription(db, input, ctx);
    const plain = { ...input, externalId: undefined, externalIdSignature: undefined };
    expect((await saveSubscription(db, plain, ctx)).created).toBe(false);
    expect((await stored(db)).rows[0]!.externalId).toBe("user-42");
    const switched = { ...plain, externalId: "user-7", externalIdSignature: identitySignature(secret, "user-7") };
    await saveSubscription(db, switched, ctx);
    expect((await stored(db)).rows.map((row) => row.externalId)).toEqual(["user-7"]);
  });

  it("a plain opt-in stores no id", async () => {
    const db = test.db;
    await saveSubscription(db, browserSubscription(), ctx);
    expect((await stored(db)).rows[0]!.externalId).toBeNull();
  });
});
