"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { URGENCIES } from "@/lib/db/schema/enums";
import type { FieldErrors } from "@/lib/http/action-result";
import { suggestTopic, topicFromName } from "@/lib/push/options";
import { describeTtl, TTL_PRESETS, ttlOf, URGENCY_HINTS, type ComposerValues } from "./composer-values";

type Props = { values: ComposerValues; errors: FieldErrors; set: (patch: Partial<ComposerValues>) => void };

export function DeliveryFields({ values, errors, set }: Props) {
  const ttl = ttlOf(values);
  const suggestion = suggestTopic(values.topic.trim());
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="c-ttl"
          label="Time to live (TTL)"
          hint="How long the push service keeps the message for a device that is offline. After that it is dropped."
          error={values.ttlPreset === "custom" ? undefined : errors.ttl}
        >
          <Select value={values.ttlPreset} onChange={(e) => set({ ttlPreset: e.target.value })} options={TTL_PRESETS} />
        </Field>
        {values.ttlPreset === "custom" ? (
          <Field
            id="c-ttl-custom"
            label="TTL in seconds"
            hint={`${describeTtl(ttl)}. 0 means: deliver now if the device is reachable, otherwise drop it.`}
            error={errors.ttl}
          >
            <Input
              inputMode="numeric"
              value={values.ttlCustom}
              onChange={(e) => set({ ttlCustom: e.target.value })}
              placeholder="0 – 2419200"
            />
          </Field>
        ) : null}
      </div>

      <fieldset>
        <legend className="text-sm font-medium">Urgency</legend>
        <p className="text-muted text-xs">Lets the device save battery by waiting for a better moment (RFC 8030).</p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {URGENCIES.map((u) => (
            <label
              key={u}
              className="flex items-start gap-2 rounded-md border border-subtle p-2 text-sm has-[:checked]:border-brand-500"
            >
              <input
                type="radio"
                name="urgency-choice"
                value={u}
                checked={values.urgency === u}
                onChange={() => set({ urgency: u })}
                className="mt-0.5 accent-[var(--color-brand-600)]"
              />
              <span>
                <span className="font-medium">{u}</span>
                <span className="text-muted block text-xs">{URGENCY_HINTS[u]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.urgency ? <p className="text-sm text-red-700 dark:text-red-400">{errors.urgency[0]}</p> : null}
      </fieldset>

      <div className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-start">
        <Field
          id="c-topic"
          label="Replace key (RFC 8030 Topic header, optional)"
          hint={
            <>
              A newer message with the same key replaces an undelivered older one on the push service. Not the
              subscribers&apos; topics (those are under Audience). Up to 32 letters, digits, - or _, sent unencrypted:
              Generate from title makes one from a hash of the title.
            </>
          }
          error={errors.topic}
        >
          <Input
            value={values.topic}
            onChange={(e) => set({ topic: e.target.value })}
            maxLength={32}
            className="font-mono"
          />
        </Field>
        <Button
          variant="secondary"
          size="sm"
          className="sm:mt-7"
          disabled={!values.title.trim()}
          onClick={() => set({ topic: topicFromName(values.title.trim()) })}
        >
          Generate from title
        </Button>
        {errors.topic && suggestion ? (
          <div>
            <Button variant="secondary" size="sm" onClick={() => set({ topic: suggestion })}>
              Use <span className="font-mono">{suggestion}</span>
            </Button>
          </div>
        ) : null}
      </div>

      <Field
        id="c-rate"
        label="Send rate (messages per minute, optional)"
        hint="Empty: as fast as the push services allow. A slower rate spreads the load on your site when people click."
        error={errors.sendRatePerMinute}
      >
        <Input
          inputMode="numeric"
          value={values.sendRate}
          onChange={(e) => set({ sendRate: e.target.value })}
          placeholder="unlimited"
        />
      </Field>
    </div>
  );
}
