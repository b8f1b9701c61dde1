"use client";

import { useActionState, useCallback, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import type { SaveIntent } from "@/lib/campaigns/schema";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/http/action-result";
import { saveCampaignAction, sendTestAction } from "../actions";
import { AudiencePicker, type AudienceOption } from "./audience-picker";
import { ContentFields } from "./content-fields";
import { DeliveryFields } from "./delivery-fields";
import { useEditedErrors } from "./composer-edited-errors";
import { describeTtl, payloadSize, toInput, ttlOf, type ComposerValues } from "./composer-values";
import { ByteMeter, NotificationPreview } from "./notification-preview";
import { FormMessage } from "@/components/ui/form-message";
import { formMessageOf, useFocusFirstError } from "@/components/ui/use-action-form";

type Props = {
  campaignId?: number;
  initial: ComposerValues;
  segments: AudienceOption[];
  topics: AudienceOption[];
  origin: string;
  timeZone?: string;
  /** Devices the signed-in editor subscribed: none means "send a test" can reach nobody yet. */
  ownDevices: number;
};

export function Composer({ campaignId, initial, segments, topics, origin, ownDevices }: Props) {
  const [values, setValues] = useState(initial);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [confirm, setConfirm] = useState<Exclude<SaveIntent, "save"> | null>(null);
  const [audienceCount, setAudienceCount] = useState<number | null>(null);
  const [state, formAction, saving] = useActionState<ActionResult<{ id: number }>, FormData>(saveCampaignAction, null);
  const [testResult, setTestResult] = useState<ActionResult<unknown>>(null);
  const [testing, startTest] = useTransition();

  const { markEdited, forgetEdited, shown } = useEditedErrors();
  const set = useCallback(
    (patch: Partial<ComposerValues>) => {
      setValues((v) => ({ ...v, ...patch }));
      markEdited(patch);
    },
    [markEdited],
  );
  const input = useMemo(() => toInput(values), [values]);
  const size = useMemo(() => payloadSize(values), [values]);
  const serverErrors = state && !state.ok ? state.fieldErrors : undefined;
  const errors: FieldErrors = shown(clientErrors ?? serverErrors ?? {});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, clientErrors ?? serverErrors);
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);

  /** The same schema the server runs; on failure the errors show under their fields. */
  function validate(intent: SaveIntent): boolean {
    const parsed = createComposerSchema().safeParse(input);
    const found = parsed.success ? {} : fieldErrorsOf(parsed.error);
    if (intent === "schedule" && !values.scheduleLocal) found.scheduledAt = ["Pick a date and time"];
    setClientErrors(Object.keys(found).length > 0 ? found : null);
    forgetEdited();
    return Object.keys(found).length === 0;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = (submitter?.value ?? "save") as SaveIntent;
    if (!validate(intent)) event.preventDefault();
    else setConfirm(null);
  }

  function ask(intent: Exclude<SaveIntent, "save">) {
    if (intent === "schedule") set({ mode: "schedule" });
    if (validate(intent)) setConfirm(intent);
  }

  const formError = errors._form?.[0];
  // "send now" to nobody is refused here and by the server; the way out is a draft
  const nobody = audienceCount === 0;
  const ttl = ttlOf(values);
  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]"
    >
      <input type="hidden" name="payload" value={JSON.stringify(input)} />
      {campaignId ? <input type="hidden" name="id" value={campaignId} /> : null}
      <div className="grid min-w-0 grid-cols-1 gap-6">
        <Card>
          <CardHeader title="Content" description="What the notification says and where a click leads." />
          <CardBody>
            <ContentFields values={values} errors={errors} set={set} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Delivery options" description="How the push services treat the message (RFC 8030)." />
          <CardBody>
            <DeliveryFields values={values} errors={errors} set={set} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Audience"
            description="Who receives it: active subscribers matching your choice when sending starts."
          />
          <CardBody>
            <AudiencePicker
              audience={values.audience}
              onChange={(audience) => set({ audience })}
              segments={segments}
              topics={topics}
              errors={errors}
              onCount={setAudienceCount}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="When" />
          <CardBody className="grid gap-4">
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="sr-only">When to send</legend>
              {(["now", "schedule"] as const).map((mode) => (
                <label key={mode} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="mode-choice"
                    checked={values.mode === mode}
                    onChange={() => set({ mode })}
                    className="accent-[var(--color-brand-600)]"
                  />
                  {mode === "now" ? "Send as soon as I confirm" : "Schedule"}
                </label>
              ))}
            </fieldset>
            {values.mode === "schedule" ? (
              <Field
                id="c-schedule"
                label={`Send at (your time zone: ${timeZone})`}
                hint="Stored in UTC; the sender starts it within a few seconds of that time."
                error={errors.scheduledAt}
              >
                <Input
                  type="datetime-local"
                  value={values.scheduleLocal}
                  onChange={(e) => set({ scheduleLocal: e.target.value })}
                />
              </Field>
            ) : null}
          </CardBody>
        </Card>
      </div>

      <aside className="grid min-w-0 grid-cols-1 content-start gap-6 xl:sticky xl:top-4">
        <Card>
          <CardHeader title="Preview" />
          <CardBody className="space-y-4">
            <NotificationPreview values={values} origin={origin} />
            <ByteMeter bytes={size.bytes} />
          </CardBody>
        </Card>
        <Card>
          <CardBody className="space-y-3">
            {formError ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {formError}
              </p>
            ) : null}
            <FormMessage
              state={
                clientErrors
                  ? Object.keys(errors).length > 0
                    ? { ok: false, message: "Check the highlighted fields." }
                    : null
                  : formMessageOf(state, serverErrors && errors)
              }
            />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" name="intent" value="save" variant="secondary" pending={saving && !confirm}>
                Save draft
              </Button>
              <Button
                variant="secondary"
                pending={testing}
                onClick={() => {
                  if (!validate("save")) return;
                  startTest(async () => setTestResult(await sendTestAction(input)));
                }}
              >
                Send a test to my devices
              </Button>
            </div>
            <FormMessage state={testResult} />
            {ownDevices === 0 ? (
              <p className="text-muted text-sm" data-testid="no-test-device">
                None of your devices is subscribed yet.{" "}
                <a href="/" target="_blank" rel="noreferrer" className="text-brand-700 underline dark:text-brand-100">
                  Open the public site
                </a>{" "}
                in this browser, turn notifications on and allow them, then send a test.
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2 border-t border-subtle pt-3">
              {values.mode === "now" ? (
                <Button onClick={() => ask("send")} disabled={size.tooLarge}>
                  Send now…
                </Button>
              ) : (
                <Button onClick={() => ask("schedule")} disabled={size.tooLarge}>
                  Schedule…
                </Button>
              )}
            </div>
          </CardBody>
        </Card>
      </aside>

      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === "schedule" ? "Schedule this campaign?" : "Send this campaign now?"}
        description="Check the audience and the options once more: a sent message cannot be recalled."
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Audience</dt>
          <dd data-testid="confirm-audience">
            {audienceCount === null
              ? "counting…"
              : `${audienceCount.toLocaleString("en")} active subscriber${audienceCount === 1 ? "" : "s"}`}
          </dd>
          <dt className="text-muted">Title</dt>
          <dd className="truncate">{values.title}</dd>
          <dt className="text-muted">TTL</dt>
          <dd>{describeTtl(ttl)}</dd>
          <dt className="text-muted">Urgency</dt>
          <dd>{values.urgency}</dd>
          <dt className="text-muted">Replace key</dt>
          <dd className="font-mono">{values.topic || "none"}</dd>
          <dt className="text-muted">Rate</dt>
          <dd>{values.sendRate ? `${values.sendRate} per minute` : "as fast as allowed"}</dd>
          <dt className="text-muted">When</dt>
          <dd>
            {confirm === "schedule" && values.scheduleLocal
              ? `${new Date(values.scheduleLocal).toLocaleString()} (${timeZone})`
              : "now"}
          </dd>
          <dt className="text-muted">Size</dt>
          <dd>{size.bytes.toLocaleString("en")} bytes</dd>
        </dl>
        {nobody ? (
          <p
            role="alert"
            data-testid="empty-audience"
            className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
          >
            {confirm === "schedule"
              ? "No active subscriber matches this audience today. It is counted again when sending starts; if nobody matches then, nothing is sent."
              : "No active subscriber matches this audience: sending now would send nothing and the campaign would be over. Save it as a draft and send it once people have subscribed, or go back and change the audience."}
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Back
          </Button>
          {nobody && confirm === "send" ? (
            <>
              <Button type="button" variant="secondary" disabled className="opacity-60">
                Send to 0
              </Button>
              <Button type="submit" name="intent" value="save" pending={saving}>
                Save as draft
              </Button>
            </>
          ) : (
            <Button type="submit" name="intent" value={confirm ?? "send"} pending={saving}>
              {confirm === "schedule" ? "Schedule" : `Send to ${audienceCount?.toLocaleString("en") ?? "…"}`}
            </Button>
          )}
        </div>
      </Dialog>
    </form>
  );
}
