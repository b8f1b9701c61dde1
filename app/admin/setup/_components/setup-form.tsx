"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/ui/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { setupOwnerAction } from "../actions";

export function SetupForm() {
  const form = useActionForm(setupOwnerAction);
  const { errors, values } = form;
  return (
    <form {...form.props} className="space-y-4" noValidate>
      <FormMessage state={form.message} />
      <Field id="name" label="Your name" error={errors?.name}>
        <Input name="name" autoComplete="name" required defaultValue={values.name} autoFocus />
      </Field>
      <Field id="email" label="Email" error={errors?.email}>
        <Input name="email" type="email" autoComplete="username" required defaultValue={values.email} />
      </Field>
      {/* the passwords are never sent back: they stay because the form is not reset after a refusal */}
      <Field
        id="password"
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess.`}
        error={errors?.password}
      >
        <Input name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} />
      </Field>
      <Field id="confirmPassword" label="Repeat the password" error={errors?.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={form.pending} className="w-full">
        Create owner account
      </Button>
    </form>
  );
}
