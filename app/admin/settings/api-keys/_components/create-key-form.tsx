"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { API_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import { DEFAULT_RATE_LIMIT_PER_SECOND } from "@/lib/api-keys/schema";
import { createApiKeyAction } from "../actions";
import { SecretPanel } from "./secret-panel";

export function CreateKeyForm() {
  const form = useActionForm(createApiKeyAction);
  const { state, errors, values } = form;
  // the result that carried the secret the owner dismissed: a later key shows its own again
  const [dismissed, setDismissed] = useState<unknown>(null);
  const created = state?.ok && state !== dismissed ? state.data : null;
  return (
    <div className="space-y-4">
      {created ? (
        <SecretPanel name={created.key.name} secret={created.secret} onDone={() => setDismissed(state)} />
      ) : null}
      <form {...form.props} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="api-key-name" label="Name" hint="After the system that will use it." error={errors?.name}>
            <Input name="name" required maxLength={80} autoComplete="off" defaultValue={values.name} />
          </Field>
          <div className="grid grid-cols-2 gap-4">
            <Field
              id="api-key-expiry"
              label="Expires (optional)"
              hint="At the start of that day, UTC."
              error={errors?.expiresAt}
            >
              <Input name="expiresAt" type="date" defaultValue={values.expiresAt} />
            </Field>
            <Field id="api-key-rate" label="Requests a second" error={errors?.rateLimitPerSecond}>
              <Input
                name="rateLimitPerSecond"
                type="number"
                min={1}
                max={10_000}
                step={1}
                defaultValue={values.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND}
              />
            </Field>
          </div>
        </div>
        <fieldset aria-describedby={errors?.scopes ? "api-key-scopes-error" : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {API_SCOPES.map((scope) => (
              <label key={scope} htmlFor={`scope-${scope}`} className="flex items-start gap-2 text-sm">
                <input
                  id={`scope-${scope}`}
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  className="mt-0.5 size-4 accent-[var(--color-brand-600)]"
                  aria-invalid={errors?.scopes ? true : undefined}
                  aria-describedby={`scope-${scope}-hint`}
                />
                <span>
                  <span className="font-mono text-xs font-medium">{scope}</span>
                  <span id={`scope-${scope}-hint`} className="text-muted block text-xs">
                    {SCOPE_DESCRIPTIONS[scope]}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {errors?.scopes ? (
            <p id="api-key-scopes-error" className="mt-2 text-sm text-red-700 dark:text-red-400">
              {errors.scopes[0]}
            </p>
          ) : null}
        </fieldset>
        <FormMessage state={state?.ok ? null : form.message} />
        <Button type="submit" pending={form.pending}>
          Create key
        </Button>
      </form>
    </div>
  );
}
