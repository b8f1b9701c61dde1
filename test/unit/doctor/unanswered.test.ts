// Failures that never reached a push service are seen by the doctor and explained by their real cause.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedSubscription } from "@/test/support/seeds";
import { checkSubject } from "@/lib/doctor/checks";
import { checkRejections, checkUnanswered } from "@/lib/doctor/delivery-checks";
import { DEFAULT_VAPID_SUBJECT, generateVapidKeys } from "@/lib/settings/bootstrap";
import { campaignFailures } from "@/lib/stats/campaign";
import { explainFailure } from "@/lib/stats/failure-reasons";

const GUARD = "endpoint refused: push service host fcm.googleapis.com resolves to a private or reserved address";

let tokens = 0;
/** `n` failed deliveries of the campaign with this error, each to a subscription of its own. */
async function fail(db: Db, campaignId: number, error: string, n = 1, statusCode: number | null = null) {
  const rows = [];
  for (let i = 0; i < n; i++)
    rows.push({
      campaignId,
      subscriptionId: await seedSubscription(db, { pushService: "fcm" }),
      receiptToken: `u${++tokens}`,
      status: "failed" as const,
      statusCode,
      error,
      createdAt: 1,
      updatedAt: 1,
    });
  await db.insert(db.tables.deliveries).values(rows);
}

describe("failures without an answer", () => {
  it("the address guard is its own cause, not 'not on the allowed list'", () => {
    expect(explainFailure(null, GUARD)).toMatchObject({ title: "Address refused" });
    expect(explainFailure(null, GUARD).explanation).toMatch(/DNS/);
    expect(explainFailure(null, "endpoint refused: host push.evil.example is not allowed").title).toBe(
      "Endpoint not allowed",
    );
    expect(explainFailure(null, "gave up after 6 attempts: getaddrinfo ENOTFOUND push.gone.example").title).toBe(
      "Host not found",
    );
    expect(explainFailure(null, "gave up after 6 attempts: response-timeout: no complete answer").title).toBe(
      "Timed out",
    );
    expect(explainFailure(null, "gave up after 6 attempts: UNABLE_TO_VERIFY_LEAF_SIGNATURE").title).toBe("TLS failed");
  });
});

describe.each(ENGINES)("the doctor on failures without an answer, on %s", (engine) => {
  const test = useTestDb(engine);

  it("reports them by cause, where answers alone looked healthy", async () => {
    const { db } = test;
    expect(await checkUnanswered(db)).toMatchObject({ status: "pass" });
    const id = await seedCampaign(db);
    await fail(db, id, GUARD, 263);
    await fail(db, id, "gave up after 6 attempts: response-timeout: no complete answer within 15000 ms");
    const check = await checkUnanswered(db);
    expect(check).toMatchObject({ id: "unanswered", status: "fail" });
    expect(check.detail).toBe(
      "264 recent deliveries failed before any push service answered: 263 address refused, 1 timed out.",
    );
    expect(check.fix).toMatch(/resolver/);
    // no answers at all: the rejections check no longer says push services accept our messages
    expect((await checkRejections(db))[0]).toMatchObject({ title: "Answers from push services" });
    // the campaign's page groups them the same way
    expect((await campaignFailures(db, id)).map((g) => [g.title, g.count])).toEqual([
      ["Address refused", 263],
      ["Timed out", 1],
    ]);
  });
});

describe("the VAPID contact", () => {
  it("the first-start placeholder is not rated OK", () => {
    const keys = generateVapidKeys(DEFAULT_VAPID_SUBJECT);
    expect(checkSubject(keys)).toMatchObject({ status: "warn", detail: expect.stringContaining("placeholder") });
    expect(checkSubject({ ...keys, subject: "mailto:ops@shop.example" }).status).toBe("pass");
  });
});
