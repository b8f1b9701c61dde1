// A started campaign with its snapshot written: the starting point of most queue tests.
import type { Db } from "@/lib/db/client";
import type { campaigns } from "@/lib/db/schema";
import { sendCampaignNowSync } from "@/lib/campaigns/lifecycle-sync";
import { snapshotCampaignSync } from "@/lib/delivery/snapshot";
import { activeSubscriptions, insertCampaign, insertSubscriptions } from "./engine-factories";

export function startedCampaign(
  db: Db,
  options: { now: number; hosts?: Record<string, number>; campaign?: Partial<typeof campaigns.$inferInsert> },
): { campaignId: number; subscriptionIds: number[] } {
  const subscriptionIds: number[] = [];
  for (const [pushHost, count] of Object.entries(options.hosts ?? { "push.test.example": 10 })) {
    subscriptionIds.push(...insertSubscriptions(db, { count, pushHost, createdAt: options.now - 1 }));
  }
  const campaignId = insertCampaign(db, options.campaign);
  sendCampaignNowSync(db, campaignId, new Date(options.now));
  snapshotCampaignSync(db, campaignId, { resolveAudience: activeSubscriptions, now: options.now });
  return { campaignId, subscriptionIds };
}
