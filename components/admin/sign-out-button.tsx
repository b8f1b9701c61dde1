"use client";

import { useActionState } from "react";
import { signOutAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [state, action, pending] = useActionState(signOutAction, null);
  return (
    <form action={action}>
      <Button type="submit" variant="secondary" size="sm" pending={pending} className="w-full">
        Sign out
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
