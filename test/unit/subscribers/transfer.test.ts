import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { auditLog, subscriptions, subscriptionTopics } from "@/lib/db/schema";
import {
  importSubscriptions,
  ImportFormatError,
  parseImportFile,
  subscriptionsWithKeysStream,
} from "@/lib/subscribers/transfer";
import { csvCell } from "@/lib/csv/write";
import { subscriberCsvStream } from "@/lib/subscribers/csv";
import { parseCsv } from "@/lib/csv/parse";
import { parseSubscriberFilter } from "@/lib/subscribers/schema";
import { addUser } from "@/test/support/users";
import { addSubscriber, addTopic, browserKeys } from "./factory";

const readAll = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

async function setup() {
  const db = createTestDb();
  const owner = await addUser(db, "owner");
  return {
    db,
    ctx: {
      extraHosts: ["push.selfhosted.example"],
      vapidPublicKey: "current-key",
      actor: { id: owner.id, email: owner.email },
    },
  };
}

describe("import", () => {
  it("imports browser-shaped JSON, reports refused rows with reasons, skips known endpoints, audits the counts", async () => {
    const { db, ctx } = await setup();
    addTopic(db, "news");
    const existing = addSubscriber(db);
    const good = browserKeys();
    const file = JSON.stringify([
      { endpoint: "https://fcm.googleapis.com/fcm/send/imported-1", keys: good, topics: ["news"] },
      { endpoint: "https://push.selfhosted.example/p/2", p256dh: good.p256dh, auth: good.auth },
      { endpoint: "https://evil.example/x.push.apple.com/", keys: good },
      { endpoint: "https://127.0.0.1/push", keys: good },
      { endpoint: "https://fcm.googleapis.com/fcm/send/bad-key", keys: { p256dh: "AAAA", auth: good.auth } },
      { endpoint: "https://fcm.googleapis.com/fcm/send/bad-auth", keys: { p256dh: good.p256dh, auth: "short" } },
      { endpoint: "https://fcm.googleapis.com/fcm/send/topic", keys: good, topics: ["nope"] },
      { endpoint: existing.endpoint, keys: good },
      { endpoint: "https://fcm.googleapis.com/fcm/send/imported-1", keys: good },
      "not an object",
      { endpoint: 42, keys: good },
    ]);
    const report = importSubscriptions(db, parseImportFile(file), ctx);
    expect(report).toMatchObject({ imported: 2, alreadyPresent: 1, refusedTotal: 8 });
    expect(report.refused.map((r) => [r.line, r.reason])).toEqual([
      [3, "The endpoint is not at a known push service"],
      [4, "The endpoint must name a host, not an IP address"],
      [5, expect.stringContaining("p256dh must be 65 bytes")],
      [6, expect.stringContaining("auth must be 16 bytes")],
      [7, "Unknown topics: nope"],
      [9, "The same endpoint appears earlier in the file"],
      [10, "The endpoint is missing"],
      [11, "The endpoint is missing"],
    ]);
    const rows = db.select().from(subscriptions).all();
    expect(rows.find((r) => r.endpoint.endsWith("imported-1"))).toMatchObject({
      status: "active",
      pushService: "fcm",
      vapidPublicKey: "current-key",
    });
    expect(rows.find((r) => r.endpoint.startsWith("https://push.selfhosted"))).toMatchObject({ pushService: "other" });
    expect(db.select().from(subscriptionTopics).all()).toHaveLength(1);
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({
      action: "subscriber.import",
      details: { imported: 2, alreadyPresent: 1, refused: 8 },
    });
  });

  it("reads CSV with quoted cells and a keys.* header, and refuses malformed files", () => {
    const keys = browserKeys();
    const rows = parseImportFile(
      `\uFEFFendpoint,keys.p256dh,keys.auth,topics\r\n"https://fcm.googleapis.com/fcm/send/a,b",${keys.p256dh},${keys.auth},news;offers\n\n`,
    );
    expect(rows).toEqual([
      {
        line: 2,
        endpoint: "https://fcm.googleapis.com/fcm/send/a,b",
        p256dh: keys.p256dh,
        auth: keys.auth,
        topics: ["news", "offers"],
      },
    ]);
    expect(() => parseImportFile("{ not json")).toThrow(ImportFormatError);
    expect(() => parseImportFile('{"foo": 1}')).toThrow(/JSON array/);
    expect(() => parseImportFile("url,key\nx,y")).toThrow(/endpoint, p256dh and auth/);
    expect(() => parseImportFile("x".repeat(10 * 1024 * 1024 + 1))).toThrow(/10 MB/);
    expect(parseCsv('a,"b ""quoted""",c\r\n1,2,3')).toEqual([
      ["a", 'b "quoted"', "c"],
      ["1", "2", "3"],
    ]);
  });

  it("compares and stores endpoints canonical: another spelling of a stored or earlier endpoint is not a new subscriber", async () => {
    const { db, ctx } = await setup();
    const stored = addSubscriber(db, { endpoint: "https://fcm.googleapis.com/fcm/send/Stored-AbC" });
    const file = JSON.stringify([
      { endpoint: "HTTPS://FCM.GoogleAPIs.com.:443/fcm/send/Stored-AbC?", keys: browserKeys() },
      { endpoint: "https://Updates.Push.Services.Mozilla.com/wpush/v2/New-XyZ#", keys: browserKeys() },
      { endpoint: "https://updates.push.services.mozilla.com./wpush/v2/New-XyZ", keys: browserKeys() },
      { endpoint: "https://updates.push.services.mozilla.com/wpush/v2/new-xyz", keys: browserKeys() },
    ]);
    const report = importSubscriptions(db, parseImportFile(file), ctx);
    expect(report).toMatchObject({ imported: 2, alreadyPresent: 1, refusedTotal: 1 });
    expect(report.refused.map((r) => [r.line, r.reason])).toEqual([
      [3, "The same endpoint appears earlier in the file"],
    ]);
    expect(
      db
        .select({ endpoint: subscriptions.endpoint })
        .from(subscriptions)
        .orderBy(subscriptions.id)
        .all()
        .map((r) => r.endpoint),
    ).toEqual([
      stored.endpoint,
      "https://updates.push.services.mozilla.com/wpush/v2/New-XyZ",
      "https://updates.push.services.mozilla.com/wpush/v2/new-xyz",
    ]);
  });

  it("leaves an unsubscribed endpoint unsubscribed, in any spelling", async () => {
    const { db, ctx } = await setup();
    const gone = addSubscriber(db, { status: "unsubscribed" });
    const respelled = gone.endpoint.replace("https://fcm.googleapis.com/", "HTTPS://FCM.googleapis.com:443/");
    const report = importSubscriptions(
      db,
      parseImportFile(JSON.stringify([{ endpoint: respelled, keys: browserKeys() }])),
      ctx,
    );
    expect(report).toMatchObject({ imported: 0, alreadyPresent: 1, refusedTotal: 0 });
    expect(db.select({ status: subscriptions.status }).from(subscriptions).all()).toEqual([{ status: "unsubscribed" }]);
  });
});

describe("exports", () => {
  it("round-trips subscriptions with keys through JSON and CSV, active ones only, keys unaltered", async () => {
    const { db, ctx } = await setup();
    const news = addTopic(db, "news");
    for (let i = 0; i < 5; i++) addSubscriber(db, { topicIds: [news] });
    addSubscriber(db, { status: "unsubscribed" });
    const json = JSON.parse(await readAll(subscriptionsWithKeysStream(db, "json", 2))) as {
      endpoint: string;
      keys: { p256dh: string; auth: string };
      topics: string[];
    }[];
    expect(json).toHaveLength(5);
    const stored = db.select().from(subscriptions).all();
    expect(json[0]).toMatchObject({
      endpoint: stored[0]!.endpoint,
      keys: { p256dh: stored[0]!.p256dh, auth: stored[0]!.auth },
      topics: ["news"],
    });

    const csv = await readAll(subscriptionsWithKeysStream(db, "csv", 2));
    const target = createTestDb();
    addTopic(target, "news");
    const targetCtx = { ...ctx, actor: null };
    expect(importSubscriptions(target, parseImportFile(csv), targetCtx)).toMatchObject({
      imported: 5,
      refusedTotal: 0,
    });
    expect(
      target
        .select()
        .from(subscriptions)
        .all()
        .map((r) => r.auth),
    ).toEqual(stored.slice(0, 5).map((r) => r.auth));
    expect(importSubscriptions(target, parseImportFile(JSON.stringify(json)), targetCtx)).toMatchObject({
      imported: 0,
      alreadyPresent: 5,
    });
  });

  it("streams the filtered list as CSV across keyset pages, shortened and formula-safe", async () => {
    const { db } = await setup();
    const ids = Array.from({ length: 7 }, () => addSubscriber(db, { language: "en" }).id);
    addSubscriber(db, { language: "=HYPERLINK(1)" });
    const lines = (await readAll(subscriberCsvStream(db, parseSubscriberFilter({ language: "en" }), { pageSize: 3 })))
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "id,endpoint,status,push_service,browser,platform,language,topics,subscribed_at,last_seen_at",
    );
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual([...ids].reverse());
    expect(lines.join()).not.toContain("/fcm/send/");
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("-x", { raw: true })).toBe("-x");
  });
});
