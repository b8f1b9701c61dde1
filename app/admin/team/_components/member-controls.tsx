"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { UserRole } from "@/lib/db/schema/enums";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from "../actions";

export function MemberControls({ userId, role, label }: { userId: number; role: UserRole; label: string }) {
  const [roleState, changeRole, changing] = useActionState<ActionResult, FormData>(changeRoleAction, null);
  const [removeState, remove, removing] = useActionState<ActionResult, FormData>(removeMemberAction, null);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={changeRole} className="flex gap-2">
          <input type="hidden" name="userId" value={userId} />
          <Select
            name="role"
            defaultValue={role}
            aria-label={`Role of ${label}`}
            className="h-8 w-32 py-0"
            options={[
              { value: "owner", label: "Owner" },
              { value: "editor", label: "Editor" },
              { value: "viewer", label: "Viewer" },
            ]}
          />
          <Button type="submit" size="sm" variant="secondary" pending={changing} className="whitespace-nowrap">
            Change role
          </Button>
        </form>
        <form
          action={remove}
          onSubmit={(event) => {
            if (!window.confirm(`Remove ${label} from the team? They are signed out at once.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" size="sm" variant="ghost" pending={removing} aria-label={`Remove ${label}`}>
            Remove
          </Button>
        </form>
      </div>
      <FormMessage state={removeState?.ok === false ? removeState : roleState?.ok === false ? roleState : null} />
    </div>
  );
}

export function RevokeInvitation({ id, email }: { id: number; email: string }) {
  const [state, revoke, pending] = useActionState<ActionResult, FormData>(revokeInvitationAction, null);
  return (
    <form action={revoke}>
      <input type="hidden" name="id" value={id} />
      <Button
        type="submit"
        size="sm"
        variant="ghost"
        pending={pending}
        aria-label={`Revoke the invitation for ${email}`}
      >
        Revoke
      </Button>
      <FormMessage state={state?.ok === false ? state : null} />
    </form>
  );
}
