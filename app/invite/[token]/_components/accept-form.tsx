"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptInvitationAction } from "../actions";

export function AcceptForm({ token, email }: { token: string; email: string }) {
  const form = useActionForm(acceptInvitationAction);
  const { errors } = form;
  return (
    <form {...form.props} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={form.message} />
      <Field id="invite-account-email" label="Email">
        <Input value={email} readOnly autoComplete="username" />
      </Field>
      <Field id="name" label="Your name" error={errors?.name}>
        <Input name="name" autoComplete="name" required autoFocus defaultValue={form.values.name} />
      </Field>
      <Field
        id="password"
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors?.password}
      >
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Field id="confirmPassword" label="Repeat the password" error={errors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={form.pending} className="w-full">
        Join and sign in
      </Button>
    </form>
  );
}
