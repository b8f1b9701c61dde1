"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { URGENCIES } from "@/lib/db/schema/enums";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateNotificationDefaultsAction, updatePushHostsAction } from "../actions";

export function PushHostsForm({ hosts, fromEnv, canEdit }: { hosts: string[]; fromEnv: string[]; canEdit: boolean }) {
  const form = useActionForm(updatePushHostsAction);
  return (
    <form {...form.props} className="space-y-3">
      <fieldset disabled={!canEdit} className="space-y-3">
        <Field
          id="push-hosts"
          label="Extra push-service hosts"
          hint={`One a line, "host" or "host:port". Google, Mozilla, Apple and Windows push services are always allowed.${fromEnv.length ? ` Also allowed by PUSH_EXTRA_HOSTS: ${fromEnv.join(", ")}.` : ""}`}
          error={form.errors?.hosts}
        >
          <Textarea name="hosts" rows={3} defaultValue={form.values.hosts ?? hosts.join("\n")} className="font-mono" />
        </Field>
        {canEdit ? (
          <Button type="submit" pending={form.pending}>
            Save hosts
          </Button>
        ) : null}
      </fieldset>
      <FormMessage state={form.message} />
    </form>
  );
}

type Defaults = { siteName: string; icon: string; badge: string; defaultUrl: string; ttl: number; urgency: string };

export function NotificationDefaultsForm({ defaults, canEdit }: { defaults: Defaults; canEdit: boolean }) {
  const form = useActionForm(updateNotificationDefaultsAction);
  const { errors } = form;
  // what the server kept of a refused submission, else what is saved
  const value = (name: keyof Defaults) => form.values[name] ?? String(defaults[name]);
  return (
    <form {...form.props} className="space-y-3">
      <fieldset disabled={!canEdit} className="grid gap-3 sm:grid-cols-2">
        <Field id="siteName" label="Site name" error={errors?.siteName}>
          <Input name="siteName" defaultValue={value("siteName")} />
        </Field>
        <Field
          id="defaultUrl"
          label="Default click URL"
          hint="Where a click goes when a campaign names none."
          error={errors?.defaultUrl}
        >
          <Input name="defaultUrl" defaultValue={value("defaultUrl")} />
        </Field>
        <Field id="icon" label="Icon" hint="A site path or https:// address, 192×192." error={errors?.icon}>
          <Input name="icon" defaultValue={value("icon")} />
        </Field>
        <Field id="badge" label="Badge" hint="Monochrome, shown in Android's status bar." error={errors?.badge}>
          <Input name="badge" defaultValue={value("badge")} />
        </Field>
        <Field
          id="ttl"
          label="Time to live (seconds)"
          hint="How long push services keep a message for an offline device (at most 28 days)."
          error={errors?.ttl}
        >
          <Input name="ttl" type="number" min={0} defaultValue={value("ttl")} />
        </Field>
        <Field
          id="urgency"
          label="Urgency"
          hint="Low urgency saves battery; devices may deliver it later."
          error={errors?.urgency}
        >
          <Select
            name="urgency"
            defaultValue={value("urgency")}
            options={URGENCIES.map((u) => ({ value: u, label: u }))}
          />
        </Field>
      </fieldset>
      {canEdit ? (
        <Button type="submit" pending={form.pending}>
          Save defaults
        </Button>
      ) : null}
      <FormMessage state={form.message} />
    </form>
  );
}
