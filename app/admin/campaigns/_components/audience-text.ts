import type { CampaignAudience } from "@/lib/db/schema/campaigns";

/** "Segments: A, B · Topics: News · Excluding: …" from the ids and the names the page loaded. */
export function audienceText(
  a: CampaignAudience,
  segmentNames: Map<number, string>,
  topicNames: Map<number, string>,
): string {
  const name = (map: Map<number, string>, id: number) => map.get(id) ?? `#${id} (deleted)`;
  const parts: string[] = [];
  const inc = [
    ...a.includeSegmentIds.map((id) => name(segmentNames, id)),
    ...a.includeTopicIds.map((id) => `topic ${name(topicNames, id)}`),
  ];
  const exc = [
    ...a.excludeSegmentIds.map((id) => name(segmentNames, id)),
    ...a.excludeTopicIds.map((id) => `topic ${name(topicNames, id)}`),
  ];
  parts.push(inc.length > 0 ? inc.join(", ") : "every active subscriber");
  if (exc.length > 0) parts.push(`excluding ${exc.join(", ")}`);
  return parts.join(", ");
}
