"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { setupOwnerAction } from "../actions";
import type { ActionResult } from "@/lib/http/action-result";

export function SetupForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setupOwnerAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.message ? (
        <p
          role="alert"
          className="rounded-md border border-red-500/40 bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {state.message}
        </p>
      ) : null}
      <Field id="name" label="Your name" error={failed?.fieldErrors?.name}>
        <Input name="name" autoComplete="name" required defaultValue={failed?.values?.name} autoFocus />
      </Field>
      <Field id="email" label="Email" error={failed?.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="username" required defaultValue={failed?.values?.email} />
      </Field>
      <Field
        id="password"
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess.`}
        error={failed?.fieldErrors?.password}
      >
        <Input name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} />
      </Field>
      <Field id="confirmPassword" label="Repeat the password" error={failed?.fieldErrors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        Create owner account
      </Button>
    </form>
  );
}
