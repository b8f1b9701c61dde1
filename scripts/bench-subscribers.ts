// npm run bench:subscribers [-- --db ./data/subscribers-1m.db]   (seed it first: npm run seed:subscribers)
// Server-side time to produce the subscriber list as the admin page does (the same lib functions):
// the first page, filtered pages, a deep keyset page, and the query plan of each. Target: < 300 ms.
import { sql } from "drizzle-orm";
import { openDatabase } from "@/lib/db/client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { subscriberConditions } from "@/lib/subscribers/filters";
import { countSubscribers, listSubscribers, subscriberFilterOptions } from "@/lib/subscribers/queries";
import { parseSubscriberFilter } from "@/lib/subscribers/schema";
import { listTopicOptions, listTopicsForAdmin } from "@/lib/topics/admin";
import { subscriptions } from "@/lib/db/schema";

const index = process.argv.indexOf("--db");
const file = index > -1 && process.argv[index + 1] ? process.argv[index + 1]! : "./data/subscribers-1m.db";
const db = openDatabase(file);
// the list verbs are async (lib/db/app-db.ts), on the same connection
const appDb = sqliteAppDb(db);
const total = db.get<{ n: number }>(sql`select count(*) as n from subscriptions`).n;
const topic = db.get<{ id: number }>(sql`select id from topics where slug = 'events'`)?.id ?? 1;
const middle = db.get<{ id: number }>(
  sql`select id from subscriptions order by id limit 1 offset ${Math.floor(total / 2)}`,
)?.id;

const cases: [string, Record<string, string>][] = [
  ["first page (active)", {}],
  ["all statuses", { status: "all" }],
  ["push service = mozilla", { pushService: "mozilla" }],
  ["browser = safari", { browser: "safari" }],
  ["platform = linux", { platform: "linux" }],
  ["language = ko-KR (rare)", { language: "ko-KR" }],
  ["topic = events", { topic: String(topic) }],
  ["subscribed in one month", { from: "2026-05-01", to: "2026-05-31" }],
  ["oldest month (worst case)", { from: "2025-11-01", to: "2025-12-15" }],
  ["expired + apple", { status: "expired", pushService: "apple" }],
  ["firefox + linux + de-DE", { browser: "firefox", platform: "linux", language: "de-DE" }],
  ["topic + mozilla", { topic: String(topic), pushService: "mozilla" }],
  ["deep page (cursor at half)", { after: String(middle ?? 1) }],
];

async function time(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function main() {
  console.log(`${total.toLocaleString("en")} subscribers in ${file}\n`);
  console.log(
    "case".padEnd(30),
    "first run".padStart(10),
    "median of 5".padStart(12),
    "count".padStart(10),
    "rows".padStart(5),
    " plan",
  );
  let worst = 0;
  for (const [name, query] of cases) {
    const { after, ...filter } = parseSubscriberFilter(query);
    const first = await time(() => listSubscribers(appDb, filter, { after }));
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) runs.push(await time(() => listSubscribers(appDb, filter, { after })));
    runs.sort((a, b) => a - b);
    const rows = (await listSubscribers(appDb, filter, { after })).rows.length;
    // the page also shows how many subscribers the filter matches
    const counting = await time(() => countSubscribers(appDb, filter));
    const where = await subscriberConditions(appDb, filter, after);
    const query2 = db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(where)
      .orderBy(sql`${subscriptions.id} desc`)
      .limit(51)
      .toSQL();
    const plan = db.$client
      .prepare(`EXPLAIN QUERY PLAN ${query2.sql}`)
      .all(...query2.params)
      .map((row) => (row as { detail: string }).detail)
      .join(" | ");
    worst = Math.max(worst, first + counting, runs[2]! + counting);
    console.log(
      name.padEnd(30),
      `${first.toFixed(1)} ms`.padStart(10),
      `${runs[2]!.toFixed(1)} ms`.padStart(12),
      `${counting.toFixed(1)} ms`.padStart(10),
      String(rows).padStart(5),
      ` ${plan}`,
    );
  }
  console.log(
    `\nfilter pickers (distinct browsers/platforms/languages + topics): ${(await time(() => Promise.all([subscriberFilterOptions(appDb), listTopicOptions(appDb)]))).toFixed(1)} ms`,
  );
  console.log(
    `topics page with active counts per topic: ${(await time(() => listTopicsForAdmin(appDb))).toFixed(1)} ms`,
  );
  console.log(
    `worst list page with its count: ${worst.toFixed(1)} ms (target < 300 ms) — ${worst < 300 ? "OK" : "TOO SLOW"}`,
  );
  db.$client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
