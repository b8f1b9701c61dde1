"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/http/action-result";
import { campaignVerbAction } from "../actions";
import { FormMessage } from "@/components/ui/form-message";

export type Verb = "duplicate" | "delete" | "cancel" | "pause" | "resume" | "unschedule" | "send" | "retry";

const LABELS: Record<Verb, string> = {
  duplicate: "Duplicate",
  delete: "Delete draft",
  cancel: "Cancel",
  pause: "Pause",
  resume: "Resume",
  unschedule: "Back to draft",
  send: "Send now",
  retry: "Retry failed",
};
// Irreversible or costly: ask first.
const CONFIRM: Partial<Record<Verb, string>> = {
  delete: "The draft is deleted for good.",
  cancel: "Nothing more will be sent. Messages the push services already accepted still arrive.",
  send: "Sending starts at once to the campaign's audience.",
};

/** Buttons for the lifecycle moves a campaign allows; each posts {verb, id} to campaignVerbAction. */
export function CampaignVerbs({
  id,
  title,
  verbs,
  size = "md",
}: {
  id: number;
  title: string;
  verbs: Verb[];
  size?: "sm" | "md";
}) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(campaignVerbAction, null);
  const [asking, setAsking] = useState<Verb | null>(null);
  return (
    <div className="space-y-2">
      <form action={action} className={size === "sm" ? "flex gap-2" : "flex flex-wrap gap-2"}>
        <input type="hidden" name="id" value={id} />
        {verbs.map((verb) =>
          CONFIRM[verb] ? (
            <Button
              key={verb}
              size={size}
              variant={verb === "send" ? "primary" : "secondary"}
              onClick={() => setAsking(verb)}
              aria-label={`${LABELS[verb]}: ${title}`}
            >
              {LABELS[verb]}
            </Button>
          ) : (
            <Button
              key={verb}
              type="submit"
              name="verb"
              value={verb}
              size={size}
              variant="secondary"
              pending={pending}
              aria-label={`${LABELS[verb]}: ${title}`}
            >
              {LABELS[verb]}
            </Button>
          ),
        )}
        <Dialog
          open={asking !== null}
          onClose={() => setAsking(null)}
          title={`${asking ? LABELS[asking] : ""}: ${title}?`}
          description={asking ? CONFIRM[asking] : undefined}
        >
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setAsking(null)}>
              Back
            </Button>
            <Button
              type="submit"
              name="verb"
              value={asking ?? ""}
              variant={asking === "send" ? "primary" : "danger"}
              pending={pending}
              onClick={() => setTimeout(() => setAsking(null), 0)}
            >
              {asking ? LABELS[asking] : ""}
            </Button>
          </div>
        </Dialog>
      </form>
      <FormMessage state={state} />
    </div>
  );
}
