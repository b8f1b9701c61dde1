"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { hashPassword } from "@/lib/auth/password";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { acceptInvitation, findUsableInvitation } from "@/lib/team/invitations";
import { acceptInvitationSchema } from "@/lib/team/schema";

// Public on purpose: the unguessable single-use token is the credential. The token is checked again
// inside acceptInvitation's transaction.
export const acceptInvitationAction = defineFormAction({
  name: "team.accept_invitation",
  access: "public",
  schema: acceptInvitationSchema,
  fields: ["token", "name", "password", "confirmPassword"],
  keep: ["name"],
  async handle({ input: { token, name, password }, client }) {
    const { appDb } = getServerContext();
    // refuse a dead link before spending time on the password hash
    if (!(await findUsableInvitation(appDb, token)))
      return { ok: false, message: "This invitation link is not valid any more. Ask the owner for a new one." };
    // scrypt before the transaction: it must not hold the database while hashing
    const passwordHash = await hashPassword(password);
    const { email } = await acceptInvitation(appDb, { token, name, passwordHash, ip: client });
    try {
      await signIn("credentials", { email, password, redirect: false });
    } catch {
      redirect("/admin/sign-in");
    }
    redirect("/admin");
  },
});
