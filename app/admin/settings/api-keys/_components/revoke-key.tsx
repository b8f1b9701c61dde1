"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { revokeApiKeyAction } from "../actions";

export function RevokeKey({ id, name, prefix }: { id: number; name: string; prefix: string }) {
  const [open, setOpen] = useState(false);
  const form = useActionForm(revokeApiKeyAction);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Revoke the key ${name}`}>
        Revoke…
      </Button>
      <Dialog
        open={open && !form.state?.ok}
        onClose={() => setOpen(false)}
        title={`Revoke “${name}”?`}
        description={`Every request made with ${prefix}… is refused from the next one on, by every server. This cannot be undone: the system using it needs a new key.`}
      >
        <form {...form.props} className="space-y-4">
          <input type="hidden" name="id" value={id} />
          <FormMessage state={form.refusal} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={form.pending}>
              Revoke the key
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
