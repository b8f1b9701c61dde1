// What the composer needs from the server: segments and live topics with counts, and the editor's own devices.
import type { Db } from "@/lib/db/app-db";
import { listSegments } from "@/lib/segments/queries";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import { listTestDevices } from "@/lib/campaigns/queries";
import type { AudienceOption } from "./audience-picker";

/** The pickers' options, and how many devices the signed-in editor could send a test to. */
export async function composerOptions(
  db: Db,
  userId: number,
): Promise<{ segments: AudienceOption[]; topics: AudienceOption[]; ownDevices: number }> {
  const segments = await listSegments(db);
  const topics = await listTopicsForAdmin(db);
  return {
    ownDevices: (await listTestDevices(db, userId)).length,
    segments: segments.map((s) => ({ id: s.id, name: s.name, count: s.subscriberCount })),
    topics: topics.filter((t) => !t.archived).map((t) => ({ id: t.id, name: t.name, count: t.activeSubscribers })),
  };
}
