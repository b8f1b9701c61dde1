"use client";

import { useActionState, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { AdminTopicDto } from "@/lib/topics/admin";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";
import { useActionForm } from "@/components/ui/use-action-form";
import { archiveTopicAction, moveTopicAction, updateTopicAction } from "../actions";

export function TopicRow({
  topic,
  canEdit,
  first,
  last,
}: {
  topic: AdminTopicDto;
  canEdit: boolean;
  first: boolean;
  last: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const editForm = useActionForm<undefined>(async (previous, formData) => {
    const result = await updateTopicAction(previous, formData);
    if (result?.ok) setEditing(false);
    return result;
  });
  const [moveState, move] = useActionState<ActionResult, FormData>(moveTopicAction, null);
  const [archiveState, archive, archiving] = useActionState<ActionResult, FormData>(archiveTopicAction, null);
  const [confirming, setConfirming] = useState(false);
  // archiving a topic people chose is asked once more; an empty or archived one is not
  const asksToArchive = !topic.archived && topic.activeSubscribers > 0;
  const { errors, values } = editForm;
  const problem = [moveState, archiveState].find((state) => state && !state.ok) ?? null;

  return (
    <li className="px-5 py-4" aria-label={topic.name}>
      {editing ? (
        <form {...editForm.props} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-start">
          <input type="hidden" name="id" value={topic.id} />
          <Field id={`name-${topic.id}`} label="Name" error={errors?.name}>
            <Input name="name" defaultValue={values.name ?? topic.name} maxLength={80} />
          </Field>
          <Field id={`description-${topic.id}`} label="Description" error={errors?.description}>
            <Input name="description" defaultValue={values.description ?? topic.description} maxLength={280} />
          </Field>
          <div className="flex gap-2 sm:mt-6">
            <Button type="submit" pending={editForm.pending}>
              Save
            </Button>
            <Button variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
          <div className="sm:col-span-3">
            <FormMessage state={editForm.refusal} />
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <p className="font-medium">
              {topic.name} <span className="text-muted font-mono text-xs">{topic.slug}</span>{" "}
              {topic.archived ? <Badge tone="warning">archived</Badge> : null}
            </p>
            <p className="text-muted text-sm">{topic.description || "No description"}</p>
            <p className="text-muted text-xs">
              {topic.activeSubscribers.toLocaleString("en")} active{" "}
              {topic.activeSubscribers === 1 ? "subscriber" : "subscribers"}
            </p>
          </div>
          {canEdit ? (
            <div className="flex flex-wrap gap-1">
              {!topic.archived ? (
                <>
                  <form action={move}>
                    <input type="hidden" name="id" value={topic.id} />
                    <input type="hidden" name="direction" value="up" />
                    <Button
                      type="submit"
                      variant="ghost"
                      size="sm"
                      disabled={first}
                      aria-label={`Move ${topic.name} up`}
                    >
                      ↑
                    </Button>
                  </form>
                  <form action={move}>
                    <input type="hidden" name="id" value={topic.id} />
                    <input type="hidden" name="direction" value="down" />
                    <Button
                      type="submit"
                      variant="ghost"
                      size="sm"
                      disabled={last}
                      aria-label={`Move ${topic.name} down`}
                    >
                      ↓
                    </Button>
                  </form>
                  <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                </>
              ) : null}
              <form action={archive}>
                <input type="hidden" name="id" value={topic.id} />
                <input type="hidden" name="archived" value={topic.archived ? "false" : "true"} />
                {asksToArchive ? (
                  <Button variant="secondary" size="sm" pending={archiving} onClick={() => setConfirming(true)}>
                    Archive
                  </Button>
                ) : (
                  <Button type="submit" variant="secondary" size="sm" pending={archiving}>
                    {topic.archived ? "Restore" : "Archive"}
                  </Button>
                )}
                <Dialog
                  open={confirming}
                  onClose={() => setConfirming(false)}
                  title={`Archive ${topic.name}?`}
                  description={`${topic.activeSubscribers.toLocaleString("en")} active ${
                    topic.activeSubscribers === 1 ? "subscriber has" : "subscribers have"
                  } chosen it. It disappears from the site's topic list, so nobody new can choose it; nobody is unsubscribed, campaigns can still target it, and Restore brings it back.`}
                >
                  <div className="flex justify-end gap-2">
                    <Button variant="secondary" onClick={() => setConfirming(false)}>
                      Back
                    </Button>
                    <Button
                      type="submit"
                      variant="danger"
                      pending={archiving}
                      onClick={() => setTimeout(() => setConfirming(false), 0)}
                    >
                      Archive topic
                    </Button>
                  </div>
                </Dialog>
              </form>
            </div>
          ) : null}
        </div>
      )}
      {problem ? (
        <div className="mt-2">
          <FormMessage state={problem} />
        </div>
      ) : null}
    </li>
  );
}
