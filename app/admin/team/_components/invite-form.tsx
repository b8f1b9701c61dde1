"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";
import { inviteAction } from "../actions";

export function InviteForm() {
  const [state, action, pending] = useActionState<ActionResult<{ path: string }>, FormData>(inviteAction, null);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // only ever set after a submission, in the browser
  const link =
    state?.ok && state.data?.path && typeof window !== "undefined"
      ? `${window.location.origin}${state.data.path}`
      : null;
  return (
    <div className="space-y-3">
      <form
        action={action}
        className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-start"
        onSubmit={() => setCopied(false)}
      >
        <Field id="invite-email" label="Email" error={errors?.email}>
          <Input name="email" type="email" required autoComplete="off" />
        </Field>
        <Field id="invite-role" label="Role" error={errors?.role}>
          <Select
            name="role"
            defaultValue="editor"
            options={[
              { value: "viewer", label: "Viewer — reads only" },
              { value: "editor", label: "Editor — campaigns, subscribers, topics" },
              { value: "owner", label: "Owner — everything" },
            ]}
          />
        </Field>
        <Button type="submit" pending={pending} className="sm:mt-6">
          Create invitation link
        </Button>
      </form>
      <FormMessage state={state} />
      {link ? (
        <div className="flex gap-2">
          <Input
            readOnly
            value={link}
            aria-label="Invitation link"
            className="font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(link).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
