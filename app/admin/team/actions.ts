"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { createInvitation, revokeInvitation } from "@/lib/team/invitations";
import { changeMemberRole, removeMember } from "@/lib/team/members";
import { createPasswordReset } from "@/lib/team/password-resets";
import { changeRoleSchema, invitationIdSchema, inviteSchema, memberIdSchema } from "@/lib/team/schema";

const actorOf = (user: { id: number; email: string }) => ({ id: user.id, email: user.email });

/** The link path comes back once; the page shows it with the site's origin for the owner to copy. */
export const inviteAction = defineFormAction({
  name: "team.invite",
  access: "owner",
  schema: inviteSchema,
  fields: ["email", "role"],
  keep: ["email", "role"],
  async handle({ input, user }) {
    const { token, invitation } = await createInvitation(getServerContext().appDb, input, actorOf(user));
    revalidatePath("/admin/team");
    return {
      ok: true,
      message: `Invitation for ${invitation.email} created. Copy the link now: it is shown only once and works for 7 days.`,
      data: { path: `/invite/${token}` },
    };
  },
});

export const changeRoleAction = defineFormAction({
  name: "team.change_role",
  access: "owner",
  schema: changeRoleSchema,
  fields: ["userId", "role"],
  invalid: "Choose a role.",
  async handle({ input, user }) {
    await changeMemberRole(getServerContext().appDb, input.userId, input.role, actorOf(user));
    revalidatePath("/admin/team");
    return { ok: true, message: "Role changed." };
  },
});

export const removeMemberAction = defineFormAction({
  name: "team.remove_member",
  access: "owner",
  schema: memberIdSchema,
  fields: ["userId"],
  invalid: "Choose someone to remove.",
  async handle({ input, user }) {
    await removeMember(getServerContext().appDb, input.userId, actorOf(user));
    revalidatePath("/admin/team");
    return { ok: true, message: "Removed from the team." };
  },
});

export const revokeInvitationAction = defineFormAction({
  name: "team.revoke_invitation",
  access: "owner",
  schema: invitationIdSchema,
  fields: ["id"],
  invalid: "Choose an invitation.",
  async handle({ input, user }) {
    await revokeInvitation(getServerContext().appDb, input.id, actorOf(user));
    revalidatePath("/admin/team");
    return { ok: true, message: "Invitation revoked." };
  },
});

/** A single-use link the owner passes on; using it sets a new password and ends the teammate's sessions. */
export const resetPasswordAction = defineFormAction({
  name: "team.reset_password",
  access: "owner",
  schema: memberIdSchema,
  fields: ["userId"],
  invalid: "Choose whose password to reset.",
  async handle({ input, user }) {
    const { token, reset } = await createPasswordReset(getServerContext().appDb, input.userId, actorOf(user));
    return {
      ok: true,
      message: `Password-reset link for ${reset.email} created. Copy it now: it is shown only once and works for 24 hours.`,
      data: { path: `/reset-password/${token}` },
    };
  },
});
