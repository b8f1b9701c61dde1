// Failures that never reached a push service are seen by the doctor and explained by their real cause.
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription } from "@/test/unit/segments/factory";
import { insertCampaign } from "@/test/support/engine-factories";
import { deliveries } from "@/lib/db/schema";
import { checkSubject } from "@/lib/doctor/checks";
import { checkRejections, checkUnanswered } from "@/lib/doctor/delivery-checks";
import { DEFAULT_VAPID_SUBJECT, generateVapidKeys } from "@/lib/settings/bootstrap";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { campaignFailures } from "@/lib/stats/campaign";
import { explainFailure } from "@/lib/stats/failure-reasons";

const GUARD = "endpoint refused: push service host fcm.googleapis.com resolves to a private or reserved address";

let tokens = 0;
function fail(
  db: ReturnType<typeof createTestDb>,
  campaignId: number,
  error: string,
  statusCode: number | null = null,
) {
  db.insert(deliveries)
    .values({
      campaignId,
      subscriptionId: addSubscription(db, { pushService: "fcm" }),
      receiptToken: `u${++tokens}`,
      status: "failed",
      statusCode,
      error,
      createdAt: 1,
      updatedAt: 1,
    })
    .run();
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

  it("the doctor reports them by cause, where answers alone looked healthy", async () => {
    const db = createTestDb();
    expect(checkUnanswered(db)).toMatchObject({ status: "pass" });
    const id = insertCampaign(db);
    for (let i = 0; i < 263; i++) fail(db, id, GUARD);
    fail(db, id, "gave up after 6 attempts: response-timeout: no complete answer within 15000 ms");
    const check = checkUnanswered(db);
    expect(check).toMatchObject({ id: "unanswered", status: "fail" });
    expect(check.detail).toBe(
      "264 recent deliveries failed before any push service answered: 263 address refused, 1 timed out.",
    );
    expect(check.fix).toMatch(/resolver/);
    // no answers at all: the rejections check no longer says push services accept our messages
    expect(checkRejections(db)[0]).toMatchObject({ title: "Answers from push services" });
    expect((await campaignFailures(sqliteAppDb(db), id)).map((g) => [g.title, g.count])).toEqual([
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
