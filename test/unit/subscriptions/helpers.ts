import { createECDH, randomBytes } from "node:crypto";
import type { Db as AppDb } from "@/lib/db/app-db";
import type { Db } from "@/lib/db/client";
import { topics } from "@/lib/db/schema";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import type { CreateSubscriptionInput } from "@/lib/subscriptions/schema";

export const VAPID = generateVapidKeys("mailto:test@example.com");

export function seedTopics(db: Db, slugs = ["news", "offers", "status"]) {
  slugs.forEach((slug, position) =>
    db
      .insert(topics)
      .values({ slug, name: slug[0]!.toUpperCase() + slug.slice(1), description: `About ${slug}`, position })
      .run(),
  );
}

let counter = 0;
/** A subscription as a browser would send it: real P-256 key, random auth, a unique FCM endpoint. */
export function browserSubscription(overrides: Partial<CreateSubscriptionInput> = {}): CreateSubscriptionInput {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  counter += 1;
  return {
    endpoint: `https://fcm.googleapis.com/fcm/send/test-${counter}-${randomBytes(6).toString("hex")}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    topics: ["news"],
    language: "en-GB",
    timeZone: "Europe/London",
    vapidPublicKey: VAPID.publicKey,
    ...overrides,
  };
}

export const CHROME_LINUX_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** seedTopics on the async database of either engine. */
export async function seedTopicsIn(db: AppDb, slugs = ["news", "offers", "status"]) {
  const { topics } = db.tables;
  await db.insert(topics).values(
    slugs.map((slug, position) => ({
      slug,
      name: slug[0]!.toUpperCase() + slug.slice(1),
      description: `About ${slug}`,
      position,
    })),
  );
}
