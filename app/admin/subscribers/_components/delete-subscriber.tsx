"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { deleteSubscriberAction } from "../actions";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";

export function DeleteSubscriber({ id }: { id: number }) {
  const [open, setOpen] = useState(false);
  const form = useActionForm(deleteSubscriberAction);
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
        <form {...form.props} className="space-y-4">
          <input type="hidden" name="id" value={id} />
          <FormMessage state={form.message} />
          <Field id="confirm-delete" label='Type "delete" to confirm' error={form.errors?.confirm}>
            <Input name="confirm" autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={form.pending}>
              Delete subscriber
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
