"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { TeamError } from "@/lib/team/errors";
import { createInvitation, revokeInvitation } from "@/lib/team/invitations";
import { changeMemberRole, removeMember } from "@/lib/team/members";
import { changeRoleSchema, invitationIdSchema, inviteSchema, memberIdSchema } from "@/lib/team/schema";
import type { FormState } from "../subscribers/_components/form-state";

const value = (formData: FormData, name: string) => formData.get(name) ?? undefined;

function teamFailure(error: unknown): FormState {
  if (error instanceof TeamError) return { ok: false, message: error.message };
  throw error;
}

/** The link path comes back once; the page shows it with the site's origin for the owner to copy. */
export async function inviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = inviteSchema.safeParse({ email: value(formData, "email"), role: value(formData, "role") });
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const { token, invitation } = createInvitation(getServerContext().db, parsed.data, { id: auth.user.id, email: auth.user.email });
    revalidatePath("/admin/team");
    return { ok: true, message: `Invitation for ${invitation.email} created. Copy the link now: it is shown only once and works for 7 days.`, data: { path: `/invite/${token}` } };
  } catch (error) {
    return teamFailure(error);
  }
}

export async function changeRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = changeRoleSchema.safeParse({ userId: value(formData, "userId"), role: value(formData, "role") });
  if (!parsed.success) return { ok: false, message: "Choose a role." };
  try {
    changeMemberRole(getServerContext().db, parsed.data.userId, parsed.data.role, { id: auth.user.id, email: auth.user.email });
  } catch (error) {
    return teamFailure(error);
  }
  revalidatePath("/admin/team");
  return { ok: true, message: "Role changed." };
}

export async function removeMemberAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = memberIdSchema.safeParse({ userId: value(formData, "userId") });
  if (!parsed.success) return { ok: false, message: "Choose someone to remove." };
  try {
    removeMember(getServerContext().db, parsed.data.userId, { id: auth.user.id, email: auth.user.email });
  } catch (error) {
    return teamFailure(error);
  }
  revalidatePath("/admin/team");
  return { ok: true, message: "Removed from the team." };
}

export async function revokeInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = invitationIdSchema.safeParse({ id: value(formData, "id") });
  if (!parsed.success) return { ok: false, message: "Choose an invitation." };
  try {
    revokeInvitation(getServerContext().db, parsed.data.id, { id: auth.user.id, email: auth.user.email });
  } catch (error) {
    return teamFailure(error);
  }
  revalidatePath("/admin/team");
  return { ok: true, message: "Invitation revoked." };
}
