"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signInAction } from "../actions";
import type { ActionResult } from "@/lib/http/action-result";

export function SignInForm({ callbackUrl, initialMessage }: { callbackUrl: string; initialMessage?: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(
    signInAction,
    initialMessage ? { ok: false, message: initialMessage } : null,
  );
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state?.message ? (
        <p
          role="alert"
          className="rounded-md border border-red-500/40 bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {state.message}
        </p>
      ) : null}
      <Field id="email" label="Email" error={failed?.fieldErrors?.email}>
        <Input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={failed?.values?.email}
          autoFocus
        />
      </Field>
      <Field id="password" label="Password" error={failed?.fieldErrors?.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
