"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { hashPassword } from "@/lib/auth/password";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { findUsablePasswordReset, RESET_INVALID, redeemPasswordReset } from "@/lib/team/password-resets";
import { redeemPasswordResetSchema } from "@/lib/team/schema";
import { SIGN_IN_NOTICES } from "@/app/admin/sign-in/state";

// Public on purpose: the unguessable single-use token is the credential. It is checked again inside
// redeemPasswordReset's transaction.
export const resetPasswordWithLinkAction = defineFormAction({
  name: "team.use_password_reset",
  access: "public",
  schema: redeemPasswordResetSchema,
  fields: ["token", "password", "confirmPassword"],
  async handle({ input: { token, password }, client }) {
    const { appDb } = getServerContext();
    // refuse a dead link before spending time on the password hash
    if (!(await findUsablePasswordReset(appDb, token))) return { ok: false, message: RESET_INVALID };
    // scrypt before the transaction: it must not hold the database while hashing
    const passwordHash = await hashPassword(password);
    const { email } = await redeemPasswordReset(appDb, { token, passwordHash, ip: client });
    try {
      await signIn("credentials", { email, password, redirect: false });
    } catch {
      redirect(`/admin/sign-in?notice=${SIGN_IN_NOTICES.passwordReset}`);
    }
    redirect("/admin");
  },
});
