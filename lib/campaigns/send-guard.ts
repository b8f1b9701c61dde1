// The check before "send now", from the composer and from a draft's page alike.
import type { Db } from "@/lib/db/client";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { countAudienceSync } from "@/lib/audience/compile-sync";
import { EmptyAudienceError } from "./errors";

/**
 * Counts the audience (which also proves it compiles) and refuses an empty one: sending to nobody is
 * never what was meant, and a draft can wait for subscribers. A scheduled campaign is not checked here:
 * its audience is counted when it starts. Returns the count.
 */
export function requireRecipients(db: Db, audience: CampaignAudience, now: Date): number {
  const count = countAudienceSync(db, audience, now);
  if (count === 0) throw new EmptyAudienceError();
  return count;
}
