"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/http/action-result";
import { resetPasswordAction } from "../actions";

export function ResetPassword({ userId, label }: { userId: number; label: string }) {
  const [state, action, pending] = useActionState<ActionResult<{ path: string }>, FormData>(resetPasswordAction, null);
  // only ever set after a submission, in the browser
  const link =
    state?.ok && state.data?.path && typeof window !== "undefined"
      ? `${window.location.origin}${state.data.path}`
      : null;
  return (
    <div className="space-y-2">
      <form
        action={action}
        onSubmit={(event) => {
          if (!window.confirm(`Make a password-reset link for ${label}? Using it signs them out everywhere.`))
            event.preventDefault();
        }}
      >
        <input type="hidden" name="userId" value={userId} />
        <Button type="submit" size="sm" variant="ghost" pending={pending} aria-label={`Reset the password of ${label}`}>
          Reset password
        </Button>
      </form>
      <FormMessage state={state} />
      {link ? (
        <Input
          readOnly
          value={link}
          aria-label={`Password-reset link for ${label}`}
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
      ) : null}
    </div>
  );
}
