"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/http/action-result";
import { FormMessage } from "@/components/ui/form-message";
import { deleteSegmentAction } from "../actions";

export function DeleteSegment({ id, name }: { id: number; name: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(deleteSegmentAction, null);
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-1">
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label={`Delete segment ${name}`}>
        Delete
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete "${name}"?`}
        description="Campaigns already sent keep their figures; the segment itself is gone for good."
      >
        <form action={action} className="flex justify-end gap-2" onSubmit={() => setOpen(false)}>
          <input type="hidden" name="id" value={id} />
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Back
          </Button>
          <Button type="submit" variant="danger" pending={pending}>
            Delete
          </Button>
        </form>
      </Dialog>
      <FormMessage state={state} />
    </div>
  );
}
