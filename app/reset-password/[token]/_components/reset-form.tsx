"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/http/action-result";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { resetPasswordWithLinkAction } from "../actions";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(resetPasswordWithLinkAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <Field id="reset-account-email" label="Email">
        <Input value={email} readOnly autoComplete="username" />
      </Field>
      <Field
        id="password"
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors?.password}
      >
        <Input name="password" type="password" autoComplete="new-password" required autoFocus />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" error={errors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
