"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { rotateVapidKeysAction, updateVapidSubjectAction } from "../actions";

export function SubjectForm({ subject, canEdit }: { subject: string; canEdit: boolean }) {
  const form = useActionForm(updateVapidSubjectAction);
  return (
    <form {...form.props} className="space-y-3">
      <fieldset disabled={!canEdit} className="flex flex-wrap items-start gap-2">
        <Field
          id="vapid-subject"
          label="Contact (VAPID subject)"
          hint="mailto:you@yourdomain.com or an https:// page. Apple refuses localhost, spaces and angle brackets."
          error={form.errors?.subject}
          className="min-w-64 flex-1"
        >
          <Input name="subject" defaultValue={form.values.subject ?? subject} autoComplete="off" />
        </Field>
        {canEdit ? (
          <Button type="submit" pending={form.pending} className="mt-6">
            Save contact
          </Button>
        ) : null}
      </fieldset>
      <FormMessage state={form.message} />
    </form>
  );
}

export function RotateKeys({ orphans }: { orphans: number }) {
  const [open, setOpen] = useState(false);
  const form = useActionForm(rotateVapidKeysAction);
  const { state } = form;
  const subscriptions = `${orphans.toLocaleString("en")} active ${orphans === 1 ? "subscription" : "subscriptions"}`;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Rotate keys…
      </Button>
      {state?.ok ? (
        <div className="mt-3">
          <FormMessage state={state} />
        </div>
      ) : null}
      <Dialog
        open={open && !state?.ok}
        onClose={() => setOpen(false)}
        title="Rotate the VAPID keys?"
        description={`This orphans ${subscriptions}: push services bind each subscription to the key it was made with, so they stop receiving notifications until the visitor's browser subscribes again on your site. Only rotate if the private key leaked.`}
      >
        <form {...form.props} className="space-y-4">
          <input type="hidden" name="expectedOrphans" value={orphans} />
          <FormMessage state={form.refusal} />
          <Field id="rotate-confirmation" label='Type "rotate" to confirm' error={form.errors?.confirmation}>
            <Input name="confirmation" autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={form.pending}>
              Rotate and orphan {subscriptions}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
