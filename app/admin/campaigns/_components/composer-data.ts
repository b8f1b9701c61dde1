// What the composer's pickers need from the server: segments with counts and live topics with counts.
import type { Db } from "@/lib/db/client";
import { listSegments } from "@/lib/segments/queries";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import type { AudienceOption } from "./audience-picker";

export function composerOptions(db: Db): { segments: AudienceOption[]; topics: AudienceOption[] } {
  return {
    segments: listSegments(db).map((s) => ({ id: s.id, name: s.name, count: s.subscriberCount })),
    topics: listTopicsForAdmin(db)
      .filter((t) => !t.archived)
      .map((t) => ({ id: t.id, name: t.name, count: t.activeSubscribers })),
  };
}
