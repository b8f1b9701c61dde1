"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FunnelBars } from "@/components/admin/charts/funnel-bars";
import { Badge } from "@/components/ui/badge";
import type { CampaignProgress } from "@/lib/campaigns/queries";
import { formatCount } from "./format";

const ACTIVE_POLL_MS = 1_000;
// Receipts (shown, clicked) keep arriving after the last message was accepted.
const IDLE_POLL_MS = 5_000;

/** Status, progress bar, counters and funnel, refreshed from the progress route while the page is open. */
export function LiveProgress({ initial }: { initial: CampaignProgress }) {
  const [progress, setProgress] = useState(initial);
  const router = useRouter();
  const status = useRef(initial.status);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const response = await fetch(`/api/admin/campaigns/${initial.id}/progress`, { cache: "no-store" });
        if (response.ok) {
          const next = (await response.json()) as CampaignProgress;
          if (stopped) return;
          setProgress(next);
          // the rest of the page (charts, log, buttons) is server-rendered: refresh it when the status moves
          if (next.status !== status.current) {
            status.current = next.status;
            router.refresh();
          }
        }
      } catch {
        // offline for a moment: try again at the next tick
      }
      if (!stopped)
        timer = setTimeout(
          tick,
          ["sending", "scheduled", "paused"].includes(status.current) ? ACTIVE_POLL_MS : IDLE_POLL_MS,
        );
    };
    timer = setTimeout(tick, ACTIVE_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id, router]);

  const p = progress;
  const cells: [string, number, string?][] = [
    ["Targeted", p.targeted],
    ["Accepted", p.accepted],
    ["Retrying", p.retrying],
    ["Failed", p.failed],
    ["Expired", p.expired],
    ["Shown", p.shown],
    ["Clicked", p.clicked],
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={p.outcome.tone} data-testid="campaign-status">
          {p.outcome.label}
        </Badge>
        {p.status === "paused" && p.statusReason ? (
          <span className="text-muted text-sm" data-testid="status-reason">
            {p.statusReason}
          </span>
        ) : null}
        {p.status === "sending" && !p.snapshotDone ? (
          <span className="text-muted text-sm">Resolving the audience…</span>
        ) : null}
      </div>
      <div>
        <div className="mb-1 flex justify-between text-sm">
          <span id="progress-label" className="font-medium">
            Progress
          </span>
          <span data-testid="progress-percent" className="tabular-nums">
            {p.percent}%
          </span>
        </div>
        <div
          role="progressbar"
          aria-labelledby="progress-label"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={p.percent}
          className="h-3 overflow-hidden rounded-full bg-black/5 dark:bg-white/10"
        >
          <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${p.percent}%` }} />
        </div>
        {p.pending > 0 ? (
          <p className="text-muted mt-1 text-xs">{formatCount(p.pending)} still queued or retrying</p>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" aria-live="polite">
        {cells.map(([label, value]) => (
          <div key={label} className="surface-muted rounded-md border border-subtle px-3 py-2">
            <dt className="text-muted text-xs">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${label.toLowerCase()}`}>
              {formatCount(value)}
            </dd>
          </div>
        ))}
      </dl>
      <FunnelBars
        caption="Funnel: targeted → accepted → shown → clicked"
        steps={[
          { key: "targeted", label: "Targeted", value: p.targeted },
          { key: "accepted", label: "Accepted", value: p.accepted },
          { key: "shown", label: "Shown", value: p.shown },
          { key: "clicked", label: "Clicked", value: p.clicked },
        ]}
      />
    </div>
  );
}
