// The check before "send now", from the composer and from a draft's page alike.
import type { Db } from "@/lib/db/app-db";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { countAudience } from "@/lib/audience/compile";
import { EmptyAudienceError } from "./errors";

/**
 * Counts the audience (which also proves it compiles) and refuses an empty one: sending to nobody is
 * never what was meant, and a draft can wait for subscribers. A scheduled campaign is not checked here:
 * its audience is counted when it starts. Returns the count.
 */
export async function requireRecipients(db: Db, audience: CampaignAudience, now: Date): Promise<number> {
  const count = await countAudience(db, audience, now);
  if (count === 0) throw new EmptyAudienceError();
  return count;
}
