import type { CampaignDto } from "@/lib/campaigns/queries";
import { describeTtl } from "./composer-values";
import { formatUtc } from "./format";

/** The content and options as they were (or will be) sent. */
export function CampaignSummary({ campaign: c, audienceText }: { campaign: CampaignDto; audienceText: string }) {
  const rows: [string, string][] = [
    ["Title", c.title],
    ["Body", c.body || "—"],
    ["Click URL", c.url ?? "site home page"],
    ["Buttons", c.actions.map((a) => `${a.title} → ${a.url ?? "closes the notification"}`).join("; ") || "—"],
    ["Icon / image / badge", [c.icon, c.image, c.badge].map((v) => v ?? "—").join(" · ")],
    ["Tag", c.tag ? `${c.tag}${c.renotify ? " (re-notify)" : ""}` : "—"],
    [
      "Behaviour",
      [
        c.requireInteraction && "require interaction",
        c.silent && "silent",
        c.appBadge !== null && `app badge ${c.appBadge}`,
      ]
        .filter(Boolean)
        .join(", ") || "—",
    ],
    ["TTL", describeTtl(c.ttl)],
    ["Urgency", c.urgency],
    ["Replace key (Topic header)", c.topic ?? "—"],
    [
      "Send rate",
      c.sendRatePerMinute ? `${c.sendRatePerMinute.toLocaleString("en")} per minute` : "as fast as allowed",
    ],
    ["Audience", audienceText],
    ["Scheduled", formatUtc(c.scheduledAt)],
    ["Started", formatUtc(c.startedAt)],
    ["Finished", formatUtc(c.completedAt)],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
