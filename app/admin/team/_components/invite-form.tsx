"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { inviteAction } from "../actions";

export function InviteForm() {
  const [copied, setCopied] = useState(false);
  const form = useActionForm(inviteAction, { onSubmit: () => setCopied(false) });
  const { state, errors, values } = form;
  // only ever set after a submission, in the browser
  const link =
    state?.ok && state.data?.path && typeof window !== "undefined"
      ? `${window.location.origin}${state.data.path}`
      : null;
  return (
    <div className="space-y-3">
      <form {...form.props} className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
        <Field id="invite-email" label="Email" error={errors?.email}>
          <Input name="email" type="email" required autoComplete="off" defaultValue={values.email} />
        </Field>
        <Field id="invite-role" label="Role" error={errors?.role}>
          <Select
            name="role"
            defaultValue={values.role ?? "editor"}
            options={[
              { value: "viewer", label: "Viewer — reads only" },
              { value: "editor", label: "Editor — campaigns, subscribers, topics" },
              { value: "owner", label: "Owner — everything" },
            ]}
          />
        </Field>
        <Button type="submit" pending={form.pending} className="sm:mt-6">
          Create invitation link
        </Button>
      </form>
      <FormMessage state={form.message} />
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
