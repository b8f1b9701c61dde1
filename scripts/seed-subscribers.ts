// npm run seed:subscribers [-- --count 1000000 --db ./data/subscribers-1m.db]
// Fills a database with realistic subscribers for the admin list and its benchmark: push services,
// browsers, platforms and languages spread as on a real site, topics on most rows, creation times over a
// year, a slice made with an older VAPID key. One transaction per 50,000 rows with prepared statements.
import { createECDH, randomBytes } from "node:crypto";
import { migrateDatabase, openDatabase } from "@/lib/db/client";
import { ensureVapidKeysSync } from "@/lib/settings/bootstrap";

const BATCH = 50_000;
const DAY_MS = 86_400_000;

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

type Weighted<T> = readonly (readonly [T, number])[];
function picker<T>(table: Weighted<T>): (r: number) => T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  return (r) => {
    let left = r * total;
    for (const [value, weight] of table) if ((left -= weight) < 0) return value;
    return table[table.length - 1]![0];
  };
}

// [push service, host, browser, platform] by share of subscriptions on a typical site
const pickClient = picker<readonly [string, string, string, string]>([
  [["fcm", "fcm.googleapis.com", "chrome", "android"], 34],
  [["fcm", "fcm.googleapis.com", "chrome", "windows"], 18],
  [["fcm", "fcm.googleapis.com", "chrome", "macos"], 6],
  [["fcm", "fcm.googleapis.com", "edge", "windows"], 2],
  [["wns", "wns2-par02p.notify.windows.com", "edge", "windows"], 8],
  [["fcm", "fcm.googleapis.com", "samsung", "android"], 5],
  [["fcm", "fcm.googleapis.com", "opera", "windows"], 2],
  [["mozilla", "updates.push.services.mozilla.com", "firefox", "windows"], 7],
  [["mozilla", "updates.push.services.mozilla.com", "firefox", "linux"], 2],
  [["apple", "web.push.apple.com", "safari", "ios"], 10],
  [["apple", "web.push.apple.com", "safari", "macos"], 5],
  [["fcm", "fcm.googleapis.com", "chrome", "linux"], 1],
] as const);
const pickLanguage = picker<string>([
  ["en-US", 30],
  ["en-GB", 8],
  ["de-DE", 12],
  ["fr-FR", 10],
  ["es-ES", 9],
  ["pt-BR", 8],
  ["it-IT", 5],
  ["nl-NL", 4],
  ["pl-PL", 4],
  ["ja-JP", 4],
  ["tr-TR", 3],
  ["sv-SE", 2],
  ["ko-KR", 1],
]);
const pickStatus = picker<string>([
  ["active", 82],
  ["unsubscribed", 11],
  ["expired", 7],
]);
const TOPICS = [
  ["news", "News", 0.7],
  ["offers", "Offers", 0.35],
  ["releases", "Product releases", 0.25],
  ["events", "Events", 0.12],
  ["status", "Service status", 0.05],
  ["blog", "Blog", 0.2],
] as const;

const count = Number(arg("count", "1000000"));
const file = arg("db", "./data/subscribers-1m.db");
const db = openDatabase(file);
migrateDatabase(db);
const sqlite = db.$client;
const currentKey = ensureVapidKeysSync(db).publicKey;
const oldKey = createECDH("prime256v1").generateKeys().toString("base64url");

const insertTopic = sqlite.prepare(
  "INSERT INTO topics (slug, name, description, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET name = excluded.name RETURNING id",
);
const topicIds = TOPICS.map(
  ([slug, name], position) =>
    (
      insertTopic.get(slug, name, `Notifications about ${name.toLowerCase()}`, position, Date.now(), Date.now()) as {
        id: number;
      }
    ).id,
);

// Valid P-256 points, reused: generating a million key pairs would dominate the run.
const keyPool = Array.from({ length: 512 }, () => {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return ecdh.getPublicKey().toString("base64url");
});

const insertSubscription = sqlite.prepare(
  `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, browser, platform, language, time_zone, vapid_public_key,
     last_seen_at, last_clicked_at, unsubscribed_at, expired_at, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertTopicLink = sqlite.prepare("INSERT INTO subscription_topics (subscription_id, topic_id) VALUES (?, ?)");

const started = performance.now();
const end = Date.now();
const span = 365 * DAY_MS;
for (let done = 0; done < count;) {
  const size = Math.min(BATCH, count - done);
  sqlite.transaction(() => {
    for (let i = 0; i < size; i++) {
      const n = done + i;
      // creation times rise with the id, as they do on a live site
      const createdAt = end - span + Math.floor(((n + Math.random()) / count) * span);
      const [service, host, browser, platform] = pickClient(Math.random());
      const status = pickStatus(Math.random());
      const live = status === "active";
      const token = randomBytes(24).toString("base64url");
      const endpoint =
        service === "apple"
          ? `https://${host}/3/${token}`
          : service === "mozilla"
            ? `https://${host}/wpush/v2/${token}`
            : service === "wns"
              ? `https://${host}/w/?token=${token}`
              : `https://${host}/fcm/send/${token}`;
      const lastSeen = createdAt + Math.floor(Math.random() * (end - createdAt));
      const clicked = Math.random() < 0.3 ? lastSeen : null;
      const result = insertSubscription.run(
        endpoint,
        live ? keyPool[n % keyPool.length] : null,
        live ? randomBytes(16).toString("base64url") : null,
        status,
        service,
        host,
        browser,
        platform,
        pickLanguage(Math.random()),
        "Europe/Berlin",
        Math.random() < 0.03 ? oldKey : currentKey,
        lastSeen,
        clicked,
        status === "unsubscribed" ? lastSeen : null,
        status === "expired" ? lastSeen : null,
        createdAt,
        lastSeen,
      );
      const id = Number(result.lastInsertRowid);
      TOPICS.forEach(([, , share], index) => {
        if (Math.random() < share) insertTopicLink.run(id, topicIds[index]);
      });
    }
  })();
  done += size;
  process.stdout.write(`\r${done.toLocaleString("en")} / ${count.toLocaleString("en")} subscribers`);
}
sqlite.pragma("optimize");
sqlite.exec("ANALYZE");
console.log(
  `\nSeeded ${count.toLocaleString("en")} subscribers into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
sqlite.close();
