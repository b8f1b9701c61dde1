"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { signInAction } from "../actions";

export function SignInForm({ callbackUrl, initialMessage }: { callbackUrl: string; initialMessage?: string }) {
  const form = useActionForm(signInAction, {
    initial: initialMessage ? { ok: false, message: initialMessage } : null,
  });
  const { errors, values } = form;
  return (
    <form {...form.props} className="space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage state={form.message} />
      <Field id="email" label="Email" error={errors?.email}>
        <Input name="email" type="email" autoComplete="username" required defaultValue={values.email} autoFocus />
      </Field>
      <Field id="password" label="Password" error={errors?.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" pending={form.pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
