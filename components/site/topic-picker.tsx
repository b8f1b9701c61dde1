"use client";
import type { PublicTopic } from "@/lib/topics/queries";

export type SiteTopic = Pick<PublicTopic, "slug" | "name" | "description">;

type Props = {
  topics: SiteTopic[];
  selected: string[];
  onChange: (selected: string[]) => void;
  disabled?: boolean;
  legend: string;
};

export function TopicPicker({ topics, selected, onChange, disabled, legend }: Props) {
  if (topics.length === 0) return null;
  const toggle = (slug: string, on: boolean) =>
    onChange(on ? [...selected, slug].filter((s, i, all) => all.indexOf(s) === i) : selected.filter((s) => s !== slug));
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      {topics.map((topic) => (
        <label
          key={topic.slug}
          className="border-subtle surface flex cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:checked]:border-brand-500 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60"
        >
          <input
            type="checkbox"
            name="topics"
            value={topic.slug}
            checked={selected.includes(topic.slug)}
            onChange={(event) => toggle(topic.slug, event.target.checked)}
            className="mt-1 size-4 shrink-0 accent-brand-600"
          />
          <span>
            <span className="block font-medium">{topic.name}</span>
            {topic.description && <span className="text-muted block text-sm">{topic.description}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
