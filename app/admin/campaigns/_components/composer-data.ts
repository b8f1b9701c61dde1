// What the composer needs from the server: segments and live topics with counts, and the editor's own devices.
import type { Db as AppDb } from "@/lib/db/app-db";
import type { Db } from "@/lib/db/client";
import { listSegments } from "@/lib/segments/queries";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import { listTestDevices } from "@/lib/campaigns/queries";
import type { AudienceOption } from "./audience-picker";

/** The pickers' options, and how many devices the signed-in editor could send a test to. */
export async function composerOptions(
  db: Db,
  appDb: AppDb,
  userId: number,
): Promise<{ segments: AudienceOption[]; topics: AudienceOption[]; ownDevices: number }> {
  return {
    ownDevices: (await listTestDevices(appDb, userId)).length,
    segments: listSegments(db).map((s) => ({ id: s.id, name: s.name, count: s.subscriberCount })),
    topics: listTopicsForAdmin(db)
      .filter((t) => !t.archived)
      .map((t) => ({ id: t.id, name: t.name, count: t.activeSubscribers })),
  };
}
