"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { hashPassword } from "@/lib/auth/password";
import { getServerContext } from "@/lib/server-context";
import { TeamError } from "@/lib/team/errors";
import { acceptInvitation, findUsableInvitation } from "@/lib/team/invitations";
import { acceptInvitationSchema } from "@/lib/team/schema";
import type { FormState } from "@/app/admin/subscribers/_components/form-state";
import { UNREADABLE_FORM } from "@/lib/http/form-data";

// Public on purpose: the unguessable single-use token is the credential. The token is checked again
// inside acceptInvitation's transaction.
export async function acceptInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // A server action is a public endpoint: a hand-made request can pass anything as its arguments.
  if (!(formData instanceof FormData)) return UNREADABLE_FORM;
  const raw = { token: formData.get("token"), name: formData.get("name"), password: formData.get("password"), confirmPassword: formData.get("confirmPassword") };
  const parsed = acceptInvitationSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const { db } = getServerContext();
  const { token, name, password } = parsed.data;
  // refuse a dead link before spending time on the password hash
  if (!findUsableInvitation(db, token)) return { ok: false, message: "This invitation link is not valid any more. Ask the owner for a new one." };
  let email: string;
  try {
    email = acceptInvitation(db, { token, name, passwordHash: await hashPassword(password), ip: clientIpFrom(await headers()) }).email;
  } catch (error) {
    if (error instanceof TeamError) return { ok: false, message: error.message };
    throw error;
  }
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch {
    redirect("/admin/sign-in");
  }
  redirect("/admin");
}
