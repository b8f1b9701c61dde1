/** A funnel as labelled horizontal bars: each step's count and its share of the first step. */
export function FunnelBars({
  caption,
  steps,
  compact,
}: {
  caption: string;
  steps: { key: string; label: string; value: number }[];
  compact?: boolean;
}) {
  const top = Math.max(steps[0]?.value ?? 0, 1);
  return (
    <figure>
      <figcaption className={compact ? "sr-only" : "mb-2 text-sm font-medium"}>{caption}</figcaption>
      <dl className={compact ? "grid gap-1" : "grid gap-2"}>
        {steps.map((step) => {
          const share = Math.round((step.value / top) * 1000) / 10;
          return (
            <div
              key={step.key}
              className="grid grid-cols-[6.5rem_1fr_auto] items-center gap-2 text-sm"
              data-testid={`funnel-${step.key}`}
            >
              <dt className="text-muted">{step.label}</dt>
              <div aria-hidden className="h-2.5 overflow-hidden rounded-full bg-black/5 dark:bg-white/10">
                <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.min(100, share)}%` }} />
              </div>
              <dd className="text-right tabular-nums">
                {step.value.toLocaleString("en")}
                <span className="text-muted ml-1 text-xs">{steps[0] && step !== steps[0] ? `${share}%` : ""}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </figure>
  );
}
