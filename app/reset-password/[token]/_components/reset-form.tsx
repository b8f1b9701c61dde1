"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { resetPasswordWithLinkAction } from "../actions";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const form = useActionForm(resetPasswordWithLinkAction);
  const { errors } = form;
  return (
    <form {...form.props} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={form.message} />
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
      <Button type="submit" pending={form.pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
