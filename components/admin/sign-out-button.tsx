"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signOutAction, signOutEverywhereAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [state, action, pending] = useActionState(signOutAction, null);
  const [everywhereState, everywhere, endingAll] = useActionState(signOutEverywhereAction, null);
  const failed = state && !state.ok ? state : everywhereState && !everywhereState.ok ? everywhereState : null;
  return (
    <div className="space-y-1">
      <Link
        href="/admin/account"
        className="text-brand-700 dark:text-brand-100 block rounded-md py-1 text-center text-xs hover:underline"
      >
        Password and sessions
      </Link>
      <form action={action}>
        <Button
          type="submit"
          variant="secondary"
          size="sm"
          pending={pending}
          className="w-full"
          title="Ends this browser's session; a copy of its cookie stops working"
        >
          Sign out
        </Button>
      </form>
      <form
        action={everywhere}
        onSubmit={(event) => {
          if (!window.confirm("Sign out of Pushboard in every browser and device, this one included?"))
            event.preventDefault();
        }}
      >
        <Button type="submit" variant="ghost" size="sm" pending={endingAll} className="w-full">
          Sign out everywhere
        </Button>
      </form>
      {failed ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {failed.message}
        </p>
      ) : null}
    </div>
  );
}
