"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm() {
  const form = useActionForm(changePasswordAction);
  const { errors } = form;
  return (
    <form {...form.props} className="max-w-md space-y-4" noValidate>
      <FormMessage state={form.message} />
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
      <Button type="submit" pending={form.pending}>
        Change password
      </Button>
    </form>
  );
}
