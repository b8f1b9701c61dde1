import { describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { ImportFormatError, parseImportFile } from "@/lib/subscribers/import-file";
import { importSubscriptions, subscriptionsWithKeysStream } from "@/lib/subscribers/transfer";
import { csvCell } from "@/lib/csv/write";
import { subscriberCsvStream } from "@/lib/subscribers/csv";
import { parseCsv } from "@/lib/csv/parse";
import { parseSubscriberFilter } from "@/lib/subscribers/schema";
import { ENGINES, openTestDatabase, useTestDb } from "@/test/support/databases";
import { browserKeys, seedSubscription, seedTopic, seedUser } from "@/test/support/seeds";

const readAll = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

async function ownerCtx(db: Db) {
  const owner = await seedUser(db, { email: "owner@example.com", role: "owner" });
  return {
    extraHosts: ["push.selfhosted.example"],
    vapidPublicKey: "current-key",
    actor: { id: owner.id, email: owner.email },
  };
}

/** Every stored subscription in id order. */
const storedRows = (db: Db) => {
  const { subscriptions } = db.tables;
  return db.select().from(subscriptions).orderBy(asc(subscriptions.id));
};

describe("import files", () => {
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
});

describe.each(ENGINES)("import on %s", (engine) => {
  const test = useTestDb(engine);

  it("imports browser-shaped JSON, reports refused rows with reasons, skips known endpoints, audits the counts", async () => {
    const db = test.db;
    const { auditLog, subscriptionTopics } = db.tables;
    const ctx = await ownerCtx(db);
    await seedTopic(db, { slug: "news" });
    const existing = "https://fcm.googleapis.com/fcm/send/existing";
    await seedSubscription(db, { endpoint: existing });
    const good = browserKeys();
    const file = JSON.stringify([
      { endpoint: "https://fcm.googleapis.com/fcm/send/imported-1", keys: good, topics: ["news"] },
      { endpoint: "https://push.selfhosted.example/p/2", p256dh: good.p256dh, auth: good.auth },
      { endpoint: "https://evil.example/x.push.apple.com/", keys: good },
      { endpoint: "https://127.0.0.1/push", keys: good },
      { endpoint: "https://fcm.googleapis.com/fcm/send/bad-key", keys: { p256dh: "AAAA", auth: good.auth } },
      { endpoint: "https://fcm.googleapis.com/fcm/send/bad-auth", keys: { p256dh: good.p256dh, auth: "short" } },
      { endpoint: "https://fcm.googleapis.com/fcm/send/topic", keys: good, topics: ["nope"] },
      { endpoint: existing, keys: good },
      { endpoint: "https://fcm.googleapis.com/fcm/send/imported-1", keys: good },
      "not an object",
      { endpoint: 42, keys: good },
    ]);
    const report = await importSubscriptions(db, parseImportFile(file), ctx);
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
    const rows = await storedRows(db);
    expect(rows.find((r) => r.endpoint.endsWith("imported-1"))).toMatchObject({
      status: "active",
      pushService: "fcm",
      vapidPublicKey: "current-key",
    });
    expect(rows.find((r) => r.endpoint.startsWith("https://push.selfhosted"))).toMatchObject({ pushService: "other" });
    expect(await db.select().from(subscriptionTopics)).toHaveLength(1);
    expect((await db.select().from(auditLog).orderBy(asc(auditLog.id))).at(-1)).toMatchObject({
      action: "subscriber.import",
      details: { imported: 2, alreadyPresent: 1, refused: 8 },
    });
  });

  it("compares and stores endpoints canonical: another spelling of a stored or earlier endpoint is not a new subscriber", async () => {
    const db = test.db;
    const ctx = await ownerCtx(db);
    const stored = "https://fcm.googleapis.com/fcm/send/Stored-AbC";
    await seedSubscription(db, { endpoint: stored });
    const file = JSON.stringify([
      { endpoint: "HTTPS://FCM.GoogleAPIs.com.:443/fcm/send/Stored-AbC?", keys: browserKeys() },
      { endpoint: "https://Updates.Push.Services.Mozilla.com/wpush/v2/New-XyZ#", keys: browserKeys() },
      { endpoint: "https://updates.push.services.mozilla.com./wpush/v2/New-XyZ", keys: browserKeys() },
      { endpoint: "https://updates.push.services.mozilla.com/wpush/v2/new-xyz", keys: browserKeys() },
    ]);
    const report = await importSubscriptions(db, parseImportFile(file), ctx);
    expect(report).toMatchObject({ imported: 2, alreadyPresent: 1, refusedTotal: 1 });
    expect(report.refused.map((r) => [r.line, r.reason])).toEqual([
      [3, "The same endpoint appears earlier in the file"],
    ]);
    expect((await storedRows(db)).map((r) => r.endpoint)).toEqual([
      stored,
      "https://updates.push.services.mozilla.com/wpush/v2/New-XyZ",
      "https://updates.push.services.mozilla.com/wpush/v2/new-xyz",
    ]);
  });

  it("leaves an unsubscribed endpoint unsubscribed, in any spelling", async () => {
    const db = test.db;
    const ctx = await ownerCtx(db);
    await seedSubscription(db, { endpoint: "https://fcm.googleapis.com/fcm/send/gone", status: "unsubscribed" });
    const respelled = "HTTPS://FCM.googleapis.com:443/fcm/send/gone";
    const report = await importSubscriptions(
      db,
      parseImportFile(JSON.stringify([{ endpoint: respelled, keys: browserKeys() }])),
      ctx,
    );
    expect(report).toMatchObject({ imported: 0, alreadyPresent: 1, refusedTotal: 0 });
    expect((await storedRows(db)).map((r) => ({ status: r.status }))).toEqual([{ status: "unsubscribed" }]);
  });

  it("stores a file larger than one batch, with each row's topics, skipping stored endpoints in a later batch", async () => {
    const db = test.db;
    const { subscriptionTopics } = db.tables;
    const ctx = await ownerCtx(db);
    const news = await seedTopic(db, { slug: "news" });
    const offers = await seedTopic(db, { slug: "offers", position: 1 });
    const existing = "https://fcm.googleapis.com/fcm/send/existing";
    const existingId = await seedSubscription(db, { endpoint: existing });
    const keys = browserKeys();
    const file = Array.from({ length: 1_003 }, (_, i) => ({
      endpoint: `https://fcm.googleapis.com/fcm/send/batch-${i}`,
      keys,
      topics: i % 2 ? ["news"] : ["news", "offers"],
    }));
    file.splice(1_001, 0, { endpoint: existing, keys, topics: [] });
    const report = await importSubscriptions(db, parseImportFile(JSON.stringify(file)), ctx);
    expect(report).toMatchObject({ imported: 1_003, alreadyPresent: 1, refusedTotal: 0 });
    const rows = await storedRows(db);
    expect(rows).toHaveLength(1_004);
    const idOf = new Map(rows.map((row) => [row.endpoint, row.id]));
    const links = await db.select().from(subscriptionTopics);
    expect(links).toHaveLength(1_003 + 502);
    const topicsOf = (i: number) =>
      links
        .filter((link) => link.subscriptionId === idOf.get(`https://fcm.googleapis.com/fcm/send/batch-${i}`))
        .map((link) => link.topicId)
        .sort((x, y) => x - y);
    expect(topicsOf(0)).toEqual([news, offers].sort((x, y) => x - y));
    expect(topicsOf(1)).toEqual([news]);
    expect(topicsOf(1_002)).toEqual([news, offers].sort((x, y) => x - y));
    expect(links.filter((link) => link.subscriptionId === existingId)).toEqual([]);
  });
});

describe.each(ENGINES)("exports on %s", (engine) => {
  const test = useTestDb(engine);

  it("round-trips subscriptions with keys through JSON and CSV, active ones only, keys unaltered", async () => {
    const db = test.db;
    const ctx = await ownerCtx(db);
    const news = await seedTopic(db, { slug: "news" });
    for (let i = 0; i < 5; i++)
      await seedSubscription(db, { topicIds: [news], externalId: i % 2 ? `user ${i}, "quoted"` : null });
    await seedSubscription(db, { status: "unsubscribed" });
    const json = JSON.parse(await readAll(subscriptionsWithKeysStream(db, "json", 2))) as {
      endpoint: string;
      keys: { p256dh: string; auth: string };
      topics: string[];
    }[];
    expect(json).toHaveLength(5);
    const stored = await storedRows(db);
    expect(json[0]).toMatchObject({
      endpoint: stored[0]!.endpoint,
      keys: { p256dh: stored[0]!.p256dh, auth: stored[0]!.auth },
      topics: ["news"],
    });

    const csv = await readAll(subscriptionsWithKeysStream(db, "csv", 2));
    const targetDatabase = await openTestDatabase(engine);
    try {
      const target = targetDatabase.db;
      await seedTopic(target, { slug: "news" });
      const targetCtx = { ...ctx, actor: null };
      expect(await importSubscriptions(target, parseImportFile(csv), targetCtx)).toMatchObject({
        imported: 5,
        refusedTotal: 0,
      });
      expect((await storedRows(target)).map((r) => r.auth)).toEqual(stored.slice(0, 5).map((r) => r.auth));
      expect((await storedRows(target)).map((r) => r.externalId)).toEqual(stored.slice(0, 5).map((r) => r.externalId));
      expect(await importSubscriptions(target, parseImportFile(JSON.stringify(json)), targetCtx)).toMatchObject({
        imported: 0,
        alreadyPresent: 5,
      });
      // the JSON carries them too; a padded or overlong id is refused with its row
      const [first, second, third] = json.map((entry, i) => ({
        ...entry,
        endpoint: `${entry.endpoint}-copy`,
        externalId: [`json-user`, " padded", "x".repeat(129)][i],
      }));
      const report = await importSubscriptions(
        target,
        parseImportFile(JSON.stringify([first, second, third])),
        targetCtx,
      );
      expect(report).toMatchObject({ imported: 1, refusedTotal: 2 });
      expect(report.refused.map((r) => r.reason)).toEqual([
        expect.stringMatching(/^external_id: .*white space/),
        expect.stringMatching(/^external_id: .*128/),
      ]);
      expect((await storedRows(target)).at(-1)!.externalId).toBe("json-user");
    } finally {
      await targetDatabase.close();
    }
  });

  it("streams the filtered list as CSV across keyset pages, shortened and formula-safe", async () => {
    const db = test.db;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await seedSubscription(db, { language: "en" }));
    await seedSubscription(db, { language: "=HYPERLINK(1)" });
    const linked = await seedSubscription(db, { language: "en", externalId: "user,42" });
    ids.push(linked);
    const lines = (await readAll(subscriberCsvStream(db, parseSubscriberFilter({ language: "en" }), { pageSize: 3 })))
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "id,endpoint,status,push_service,browser,platform,language,topics,subscribed_at,last_seen_at,external_id",
    );
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual([...ids].reverse());
    expect(lines.join()).not.toContain("/fcm/send/");
    expect(lines[1]).toMatch(new RegExp(`^${linked},.*,"user,42"$`));
    expect(lines[2]).toMatch(/Z,$/); // no user id: an empty last cell
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("-x", { raw: true })).toBe("-x");
  });

  it("reads a page only when the reader asks for it", async () => {
    const db = test.db;
    const { subscriptions } = db.tables;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seedSubscription(db));
    const reader = subscriberCsvStream(db, parseSubscriberFilter({}), { pageSize: 2 }).getReader();
    const decoder = new TextDecoder();
    const next = async () => decoder.decode((await reader.read()).value);
    expect(await next()).toMatch(/^id,endpoint/);
    expect(
      (await next())
        .trim()
        .split("\r\n")
        .map((line) => Number(line.split(",")[0])),
    ).toEqual([ids[4], ids[3]]);
    // the rows of later pages go before they are read: the stream has not read them yet
    await db.delete(subscriptions);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });
});
