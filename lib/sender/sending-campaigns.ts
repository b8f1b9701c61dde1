// The campaigns a runner tick serves, in the order it serves them: priority sends first (an API send to
// a few people, lib/api-notifications/create.ts), then by age.
import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";

export type ActiveCampaign = { id: number; errorRateThreshold: number; snapshotDoneAt: Date | null; priority: number };

export async function sendingCampaigns(db: Db): Promise<ActiveCampaign[]> {
  const { campaigns } = db.tables;
  return db
    .select({
      id: campaigns.id,
      errorRateThreshold: campaigns.errorRateThreshold,
      snapshotDoneAt: campaigns.snapshotDoneAt,
      priority: campaigns.priority,
    })
    .from(campaigns)
    .where(eq(campaigns.status, "sending"))
    .orderBy(desc(campaigns.priority), asc(campaigns.id));
}
