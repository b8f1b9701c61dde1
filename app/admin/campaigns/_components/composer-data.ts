// What the composer's pickers need from the server: segments with counts and live topics with counts.
import type { Db } from "@/lib/db/client";
import { listSegments } from "@/lib/segments/queries";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import { env } from "@/lib/env.mjs";
import type { AudienceOption } from "./audience-picker";

export function composerOptions(db: Db): { segments: AudienceOption[]; topics: AudienceOption[] } {
  return {
    segments: listSegments(db).map((s) => ({ id: s.id, name: s.name, count: s.subscriberCount })),
    topics: listTopicsForAdmin(db)
      .filter((t) => !t.archived)
      .map((t) => ({ id: t.id, name: t.name, count: t.activeSubscribers })),
  };
}

export function siteOrigin(requestHost: string | null): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL;
  return requestHost ? `${requestHost.startsWith("localhost") ? "http" : "https"}://${requestHost}` : "http://localhost";
}
