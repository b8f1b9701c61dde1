"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { revealIdentitySecretAction, rotateIdentitySecretAction } from "../actions";

function SecretBox({ secret }: { secret: string }) {
  return (
    <p
      className="surface-muted mt-2 rounded-md border border-subtle px-3 py-2 font-mono text-xs break-all select-all"
      data-testid="identity-secret"
    >
      {secret}
    </p>
  );
}

/** Reveal (audited) and rotate (confirmed) the identity secret; the secret is only ever in the action's answer. */
export function IdentitySecret() {
  const reveal = useActionForm(revealIdentitySecretAction);
  const rotate = useActionForm(rotateIdentitySecretAction);
  const [open, setOpen] = useState(false);
  const rotated = rotate.state?.ok ? rotate.state.data.secret : null;
  const shown = rotated ?? (reveal.state?.ok ? reveal.state.data.secret : null);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <form {...reveal.props}>
          <Button type="submit" variant="secondary" pending={reveal.pending}>
            Reveal secret
          </Button>
        </form>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Rotate secret…
        </Button>
      </div>
      <FormMessage state={rotated ? rotate.state : reveal.message} />
      {shown ? <SecretBox secret={shown} /> : null}
      <Dialog
        open={open && !rotate.state?.ok}
        onClose={() => setOpen(false)}
        title="Rotate the identity secret?"
        description="Every signature your back-end made with the current secret stops working at once: pages that still sign with it cannot link new devices to their users until the back-end has the new secret. Devices already linked stay linked. Rotate if the secret leaked."
      >
        <form {...rotate.props} className="space-y-4">
          <FormMessage state={rotate.refusal} />
          <Field id="identity-rotate-confirmation" label='Type "rotate" to confirm' error={rotate.errors?.confirmation}>
            <Input name="confirmation" autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={rotate.pending}>
              Rotate secret
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
