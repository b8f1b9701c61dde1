"use client";

import { Button } from "@/components/ui/button";
import { PUSH_SERVICES } from "@/lib/db/schema/enums";
import type { Condition, ConditionKind } from "@/lib/segments/schema";
import type { ValueOption } from "@/lib/segments/value-options";

export type PickerOptions = {
  topics: { id: number; name: string }[];
  browser: ValueOption[];
  platform: ValueOption[];
  language: ValueOption[];
};

export const KIND_LABELS: Record<ConditionKind, string> = {
  topics: "Topics",
  pushService: "Push service",
  browser: "Browser",
  platform: "Platform",
  language: "Language",
  subscribed: "Subscribed",
  lastActive: "Last active",
  clicked: "Clicked a notification",
};

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export function newCondition(kind: ConditionKind): Condition {
  switch (kind) {
    case "topics":
      return { kind, match: "any", topicIds: [] };
    case "pushService":
    case "browser":
    case "platform":
    case "language":
      return { kind, op: "is", values: [] } as Condition;
    case "subscribed":
    case "lastActive":
      return { kind, op: "after", date: daysAgo(30) };
    case "clicked":
      return { kind, op: "within", days: 30 };
  }
}

const selectClass = "surface rounded-md border border-subtle px-2 py-1.5 text-sm";

function Checks({
  name,
  options,
  selected,
  onChange,
}: {
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  if (options.length === 0) return <p className="text-muted text-sm">No values seen yet among active subscribers.</p>;
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1">
      {options.map((o) => (
        <label key={o.value} className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            name={name}
            checked={selected.includes(o.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))
            }
            className="accent-[var(--color-brand-600)]"
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/** One rule: what it looks at, how it compares, and the values; labelled for screen readers by its position. */
export function ConditionEditor({
  condition: c,
  index,
  options,
  error,
  onChange,
  onRemove,
}: {
  condition: Condition;
  index: number;
  options: PickerOptions;
  error?: string;
  onChange: (c: Condition) => void;
  onRemove: () => void;
}) {
  const label = `Rule ${index + 1}: ${KIND_LABELS[c.kind]}`;
  let body: React.ReactNode;
  switch (c.kind) {
    case "topics":
      body = (
        <>
          <select
            aria-label={`${label}, match`}
            className={selectClass}
            value={c.match}
            onChange={(e) => onChange({ ...c, match: e.target.value as typeof c.match })}
          >
            <option value="any">any of</option>
            <option value="all">all of</option>
            <option value="none">none of</option>
          </select>
          <Checks
            name={`r${index}-topics`}
            options={options.topics.map((t) => ({ value: String(t.id), label: t.name }))}
            selected={c.topicIds.map(String)}
            onChange={(v) => onChange({ ...c, topicIds: v.map(Number) })}
          />
        </>
      );
      break;
    case "pushService":
    case "browser":
    case "platform":
    case "language": {
      const list =
        c.kind === "pushService"
          ? PUSH_SERVICES.map((s) => ({ value: s, label: s }))
          : options[c.kind].map((o) => ({ value: o.value, label: `${o.value} (${o.count})` }));
      const known = new Set(list.map((o) => o.value));
      const extra = c.values.filter((v) => !known.has(v));
      body = (
        <>
          <select
            aria-label={`${label}, operator`}
            className={selectClass}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "is" | "isNot" } as Condition)}
          >
            <option value="is">is one of</option>
            <option value="isNot">is none of</option>
          </select>
          <Checks
            name={`r${index}-values`}
            options={[...list, ...extra.map((v) => ({ value: v, label: v }))]}
            selected={c.values as string[]}
            onChange={(values) => onChange({ ...c, values } as Condition)}
          />
          {c.kind !== "pushService" ? (
            <input
              aria-label={`${label}, add another value`}
              placeholder="other value, Enter to add"
              className={`${selectClass} w-44`}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                e.preventDefault();
                const value = e.currentTarget.value.trim();
                if (value && !c.values.includes(value as never))
                  onChange({ ...c, values: [...c.values, value] } as Condition);
                e.currentTarget.value = "";
              }}
            />
          ) : null}
        </>
      );
      break;
    }
    case "subscribed":
    case "lastActive":
      body = (
        <>
          <select
            aria-label={`${label}, operator`}
            className={selectClass}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "before" | "after" })}
          >
            <option value="before">before</option>
            <option value="after">on or after</option>
          </select>
          <input
            type="date"
            aria-label={`${label}, date (UTC)`}
            className={selectClass}
            value={c.date.slice(0, 10)}
            onChange={(e) => onChange({ ...c, date: e.target.value })}
          />
        </>
      );
      break;
    case "clicked":
      body = (
        <>
          <select
            aria-label={`${label}, operator`}
            className={selectClass}
            value={c.op}
            onChange={(e) => onChange({ ...c, op: e.target.value as "within" | "notWithin" })}
          >
            <option value="within">in the last</option>
            <option value="notWithin">not in the last</option>
          </select>
          <input
            type="number"
            min={1}
            aria-label={`${label}, days`}
            className={`${selectClass} w-24`}
            value={Number.isFinite(c.days) ? c.days : ""}
            onChange={(e) => onChange({ ...c, days: e.target.value === "" ? Number.NaN : Number(e.target.value) })}
          />
          <span className="text-sm">days</span>
        </>
      );
      break;
  }
  return (
    <li className="rounded-md border border-subtle p-3" aria-label={label}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm font-medium">{KIND_LABELS[c.kind]}</span>
        {body}
        <Button variant="ghost" size="sm" className="ml-auto" onClick={onRemove}>
          Remove<span className="sr-only"> rule {index + 1}</span>
        </Button>
      </div>
      {error ? <p className="mt-1 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
    </li>
  );
}
