"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_MIN_LENGTH } from "@/lib/users/schema";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";
import { acceptInvitationAction } from "../actions";

export function AcceptForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(acceptInvitationAction, null);
  // controlled, so a refused submission (React resets the form) keeps what was typed
  const [name, setName] = useState("");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      <Field id="invite-account-email" label="Email">
        <Input value={email} readOnly autoComplete="username" />
      </Field>
      <Field id="name" label="Your name" error={errors?.name}>
        <Input
          name="name"
          autoComplete="name"
          required
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
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
      <Button type="submit" pending={pending} className="w-full">
        Join and sign in
      </Button>
    </form>
  );
}
