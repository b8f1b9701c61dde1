"use client";

import { useEffect, useState, useTransition } from "react";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import type { FieldErrors } from "@/lib/http/action-result";
import { countAudienceAction } from "../actions";

export type AudienceOption = { id: number; name: string; count: number | null };
type Choice = "" | "include" | "exclude";

const KEYS = {
  segment: { include: "includeSegmentIds", exclude: "excludeSegmentIds" },
  topic: { include: "includeTopicIds", exclude: "excludeTopicIds" },
} as const;

function choiceOf(audience: CampaignAudience, kind: "segment" | "topic", id: number): Choice {
  if (audience[KEYS[kind].include].includes(id)) return "include";
  if (audience[KEYS[kind].exclude].includes(id)) return "exclude";
  return "";
}

function withChoice(
  audience: CampaignAudience,
  kind: "segment" | "topic",
  id: number,
  choice: Choice,
): CampaignAudience {
  const { include, exclude } = KEYS[kind];
  const next = {
    ...audience,
    [include]: audience[include].filter((x) => x !== id),
    [exclude]: audience[exclude].filter((x) => x !== id),
  };
  if (choice) next[KEYS[kind][choice]] = [...next[KEYS[kind][choice]], id];
  return next;
}

/** Include or exclude segments and topics; the count of matching active subscribers follows every change. */
export function AudiencePicker({
  audience,
  onChange,
  segments,
  topics,
  errors,
  onCount,
}: {
  audience: CampaignAudience;
  onChange: (a: CampaignAudience) => void;
  segments: AudienceOption[];
  topics: AudienceOption[];
  errors: FieldErrors;
  onCount: (n: number | null) => void;
}) {
  const [count, setCount] = useState<{ value: number | null; error?: string }>({ value: null });
  const [pending, startTransition] = useTransition();
  const key = JSON.stringify(audience);

  useEffect(() => {
    const timer = setTimeout(() => {
      startTransition(async () => {
        const result = await countAudienceAction(JSON.parse(key));
        const next = result?.ok
          ? { value: result.data.count }
          : { value: null, error: result?.message ?? "Could not count" };
        setCount(next);
        onCount(next.value);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [key, onCount]);

  const nothingIncluded = audience.includeSegmentIds.length === 0 && audience.includeTopicIds.length === 0;
  const errorText = Object.entries(errors).find(([k]) => k.startsWith("audience"))?.[1]?.[0];
  return (
    <div className="space-y-4">
      <p
        aria-live="polite"
        className="surface-muted rounded-md border border-subtle px-3 py-2 text-sm"
        data-testid="audience-count"
      >
        {count.error ? (
          <span className="text-red-700 dark:text-red-400">{count.error}</span>
        ) : count.value === null ? (
          "Counting…"
        ) : (
          <>
            <strong className="text-base">{count.value.toLocaleString("en")}</strong> active subscriber
            {count.value === 1 ? "" : "s"} match
            {nothingIncluded ? " (everyone, minus any exclusions)" : ""}
            {pending ? <span className="text-muted"> · updating…</span> : null}
          </>
        )}
      </p>
      {errorText ? <p className="text-sm text-red-700 dark:text-red-400">{errorText}</p> : null}
      <OptionList
        title="Segments"
        kind="segment"
        options={segments}
        audience={audience}
        onChange={onChange}
        empty="No segments yet: create them under Segments."
      />
      <OptionList
        title="Topics"
        kind="topic"
        options={topics}
        audience={audience}
        onChange={onChange}
        empty="No topics yet."
      />
      <p className="text-muted text-xs">
        Included: anyone in at least one of them. Excluded: removed even if included. Nothing included: every active
        subscriber.
      </p>
    </div>
  );
}

function OptionList(props: {
  title: string;
  kind: "segment" | "topic";
  options: AudienceOption[];
  audience: CampaignAudience;
  onChange: (a: CampaignAudience) => void;
  empty: string;
}) {
  const { title, kind, options, audience, onChange, empty } = props;
  return (
    <fieldset>
      <legend className="text-sm font-medium">{title}</legend>
      {options.length === 0 ? <p className="text-muted mt-1 text-sm">{empty}</p> : null}
      <ul className="mt-2 divide-y divide-[var(--border)] rounded-md border border-subtle">
        {options.map((o) => (
          <li key={o.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span>
              {o.name}
              {o.count !== null ? <span className="text-muted"> · {o.count.toLocaleString("en")}</span> : null}
            </span>
            <select
              aria-label={`${title.slice(0, -1)} ${o.name}`}
              value={choiceOf(audience, kind, o.id)}
              onChange={(e) => onChange(withChoice(audience, kind, o.id, e.target.value as Choice))}
              className="surface rounded-md border border-subtle px-2 py-1 text-sm"
            >
              <option value="">—</option>
              <option value="include">Include</option>
              <option value="exclude">Exclude</option>
            </select>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
