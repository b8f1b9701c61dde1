// Factories for the sending-engine tests: campaigns in any state and many subscriptions, fast.
import { randomBytes, createECDH } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { campaigns, subscriptions } from "@/lib/db/schema";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import type { SyncAudienceResolver } from "@/lib/delivery/snapshot";

export const EVERYONE: CampaignAudience = {
  includeSegmentIds: [],
  excludeSegmentIds: [],
  includeTopicIds: [],
  excludeTopicIds: [],
};

/** Every active subscription: the part of the audience the queue tests rely on. */
export const activeSubscriptions: SyncAudienceResolver = () => sql`${subscriptions.status} = 'active'`;

/** What a test campaign says unless the test says otherwise (test/support/seeds.ts uses the same). */
export const CAMPAIGN_DEFAULTS = {
  title: "Sale starts now",
  body: "20% off today",
  url: "https://site.example/sale",
  audience: EVERYONE,
};

export function insertCampaign(db: Db, values: Partial<typeof campaigns.$inferInsert> = {}): number {
  const row = db
    .insert(campaigns)
    .values({ ...CAMPAIGN_DEFAULTS, ...values })
    .returning({ id: campaigns.id })
    .get();
  return row.id;
}

const validKeys = (() => {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
})();

export type SubscriptionSeed = {
  count: number;
  pushHost?: string;
  endpointBase?: string;
  createdAt?: number;
  status?: "active" | "unsubscribed" | "expired";
};

/** Inserts `count` subscriptions at one push host (endpoint https://<host>/push/<n>-<random>); returns their ids. */
export function insertSubscriptions(db: Db, seed: SubscriptionSeed): number[] {
  const host = seed.pushHost ?? "push.test.example";
  const base = seed.endpointBase ?? `https://${host}/push/`;
  const created = seed.createdAt ?? Date.now() - 60_000;
  const statement = db.$client.prepare(
    `INSERT INTO subscriptions (endpoint, p256dh, auth, status, push_service, push_host, vapid_public_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'other', ?, 'test-key', ?, ?) RETURNING id`,
  );
  const ids: number[] = [];
  db.$client.transaction(() => {
    for (let i = 0; i < seed.count; i++) {
      const endpoint = `${base}${randomBytes(12).toString("base64url")}`;
      const row = statement.get(
        endpoint,
        validKeys.p256dh,
        validKeys.auth,
        seed.status ?? "active",
        host,
        created,
        created,
      ) as { id: number };
      ids.push(row.id);
    }
  })();
  return ids;
}

export function campaignRow(db: Db, id: number) {
  return db
    .select()
    .from(campaigns)
    .where(sql`${campaigns.id} = ${id}`)
    .get()!;
}

export function deliveryStatusCounts(db: Db, campaignId: number): Record<string, number> {
  const rows = db.$client
    .prepare(`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY status`)
    .all(campaignId) as { status: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
