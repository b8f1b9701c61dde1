"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/http/action-result";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(changePasswordAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="max-w-md space-y-4" noValidate>
      <FormMessage state={state} />
      <Field id="currentPassword" label="Current password" error={errors?.currentPassword}>
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field
        id="password"
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors?.password}
      >
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" error={errors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={pending}>
        Change password
      </Button>
    </form>
  );
}
