import { describe, expect, it } from "vitest";
import { DELIVERY_CSV_HEADER, deliveryCsvStream } from "@/lib/campaigns/delivery-csv";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedCampaign, seedDelivery, seedSubscription } from "@/test/support/seeds";

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe.each(ENGINES)("delivery log CSV on %s", (engine) => {
  const test = useTestDb(engine);

  it("streams every delivery of the campaign in pages, without endpoints, formula-safe", async () => {
    const db = test.db;
    const id = await seedCampaign(db, { status: "sent" });
    const other = await seedCampaign(db, { status: "sent" });
    for (let i = 0; i < 7; i++) {
      await seedDelivery(db, {
        campaignId: id,
        // at push.example.test: the host the CSV line below shows
        subscriptionId: await seedSubscription(db, { endpoint: `https://push.example.test/send/${i}` }),
        status: i === 0 ? "failed" : "accepted",
        statusCode: i === 0 ? 400 : 201,
        error: i === 0 ? '=HYPERLINK("x"), bad' : null,
        receiptToken: `t${i}`,
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
        acceptedAt: i === 0 ? null : 1_700_000_001_000,
      });
    }
    await seedDelivery(db, { campaignId: other, subscriptionId: await seedSubscription(db), receiptToken: "other" });
    const csv = await read(deliveryCsvStream(db, id, {}, 3));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(DELIVERY_CSV_HEADER.join(","));
    expect(lines).toHaveLength(8);
    expect(csv).not.toContain("/send/");
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), bad"`);
    expect(lines[2]).toContain(",push.example.test,fcm,accepted,0,201,,2023-11-14T22:13:20.000Z,");
    const failedOnly = await read(deliveryCsvStream(db, id, { status: "failed" }));
    expect(failedOnly.trimEnd().split("\r\n")).toHaveLength(2);
    expect((await read(deliveryCsvStream(db, 999))).trimEnd().split("\r\n")).toHaveLength(1);
  });
});
