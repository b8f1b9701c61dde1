"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { MAX_ACTIONS } from "@/lib/push/payload";
import { MAX_BODY, MAX_TITLE } from "@/lib/campaigns/composer-schema";
import type { FieldErrors } from "@/lib/http/action-result";
import type { ComposerValues } from "./composer-values";

type Props = { values: ComposerValues; errors: FieldErrors; set: (patch: Partial<ComposerValues>) => void };

export function ContentFields({ values, errors, set }: Props) {
  const setAction = (index: number, patch: Partial<{ title: string; url: string }>) =>
    set({ actions: values.actions.map((a, i) => (i === index ? { ...a, ...patch } : a)) });
  return (
    <div className="grid gap-4">
      <Field id="c-title" label="Title" error={errors.title}>
        <Input value={values.title} onChange={(e) => set({ title: e.target.value })} maxLength={MAX_TITLE} required />
      </Field>
      <Field id="c-body" label="Body" error={errors.body} hint={`${values.body.length}/${MAX_BODY}`}>
        <Textarea value={values.body} onChange={(e) => set({ body: e.target.value })} maxLength={MAX_BODY} rows={3} />
      </Field>
      <Field
        id="c-url"
        label="Click URL"
        hint="Where a click on the notification goes. Empty: the site's home page."
        error={errors.url}
      >
        <Input
          type="url"
          value={values.url}
          onChange={(e) => set({ url: e.target.value })}
          placeholder="https://example.com/sale"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="c-icon" label="Icon" hint="Square, 192 px" error={errors.icon}>
          <Input
            value={values.icon}
            onChange={(e) => set({ icon: e.target.value })}
            placeholder="e.g. /icons/icon-192.png"
          />
        </Field>
        <Field id="c-image" label="Image" hint="Wide, 2:1" error={errors.image}>
          <Input value={values.image} onChange={(e) => set({ image: e.target.value })} placeholder="https://…" />
        </Field>
        <Field id="c-badge" label="Badge" hint="Monochrome, Android status bar" error={errors.badge}>
          <Input
            value={values.badge}
            onChange={(e) => set({ badge: e.target.value })}
            placeholder="e.g. /icons/badge-96.png"
          />
        </Field>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Action buttons</legend>
        {values.actions.map((action, i) => (
          <div
            key={i}
            className="grid gap-3 rounded-md border border-subtle p-3 sm:grid-cols-[1fr_2fr_auto] sm:items-start"
          >
            <Field id={`c-action-${i}-title`} label={`Button ${i + 1} label`} error={errors[`actions.${i}.title`]}>
              <Input value={action.title} onChange={(e) => setAction(i, { title: e.target.value })} maxLength={40} />
            </Field>
            <Field
              id={`c-action-${i}-url`}
              label={`Button ${i + 1} URL (optional)`}
              hint="Empty: the button just closes the notification."
              error={errors[`actions.${i}.url`]}
            >
              <Input
                type="url"
                value={action.url}
                onChange={(e) => setAction(i, { url: e.target.value })}
                placeholder="https://…"
              />
            </Field>
            <Button
              variant="ghost"
              size="sm"
              className="sm:mt-7"
              onClick={() => set({ actions: values.actions.filter((_, j) => j !== i) })}
            >
              Remove<span className="sr-only"> button {i + 1}</span>
            </Button>
          </div>
        ))}
        {errors.actions ? <p className="text-sm text-red-700 dark:text-red-400">{errors.actions[0]}</p> : null}
        {values.actions.length < MAX_ACTIONS ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => set({ actions: [...values.actions, { title: "", url: "" }] })}
          >
            Add a button
          </Button>
        ) : (
          <p className="text-muted text-xs">Browsers show at most {MAX_ACTIONS} buttons.</p>
        )}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="c-tag"
          label="Tag"
          hint="Notifications with the same tag replace each other on the device."
          error={errors.tag}
        >
          <Input value={values.tag} onChange={(e) => set({ tag: e.target.value })} maxLength={64} />
        </Field>
        <Field
          id="c-app-badge"
          label="App badge count"
          hint="The number on the installed app's icon, where supported."
          error={errors.appBadge}
        >
          <Input inputMode="numeric" value={values.appBadge} onChange={(e) => set({ appBadge: e.target.value })} />
        </Field>
      </div>
      <fieldset className="grid gap-2 sm:grid-cols-3">
        <legend className="sr-only">Behaviour</legend>
        <Check
          id="c-renotify"
          label="Re-notify"
          hint="Alert again when replacing a tag"
          checked={values.renotify}
          onChange={(renotify) => set({ renotify })}
          error={errors.renotify}
        />
        <Check
          id="c-require"
          label="Require interaction"
          hint="Stays until dismissed (desktop)"
          checked={values.requireInteraction}
          onChange={(requireInteraction) => set({ requireInteraction })}
        />
        <Check
          id="c-silent"
          label="Silent"
          hint="No sound or vibration"
          checked={values.silent}
          onChange={(silent) => set({ silent })}
        />
      </fieldset>
    </div>
  );
}

function Check({
  id,
  label,
  hint,
  checked,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string[];
}) {
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2 text-sm">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 size-4 accent-[var(--color-brand-600)]"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={`${id}-hint`}
        />
        <span>
          <span className="font-medium">{label}</span>
          <span id={`${id}-hint`} className="text-muted block text-xs">
            {hint}
          </span>
        </span>
      </label>
      {error ? <p className="text-sm text-red-700 dark:text-red-400">{error[0]}</p> : null}
    </div>
  );
}
