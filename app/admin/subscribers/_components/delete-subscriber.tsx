"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { deleteSubscriberAction } from "../actions";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";

export function DeleteSubscriber({ id }: { id: number }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ActionResult, FormData>(deleteSubscriberAction, null);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete for good…
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Delete this subscriber for good?"
        description="For privacy requests. The subscription, its topics and its delivery history are erased and cannot be restored. The audit log keeps only the shortened endpoint."
      >
        <form action={action} className="space-y-4">
          <input type="hidden" name="id" value={id} />
          <FormMessage state={state && !state.ok && state.fieldErrors?.confirm ? null : state} />
          <Field
            id="confirm-delete"
            label='Type "delete" to confirm'
            error={state && !state.ok ? state.fieldErrors?.confirm : undefined}
          >
            <Input name="confirm" autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending}>
              Delete subscriber
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
