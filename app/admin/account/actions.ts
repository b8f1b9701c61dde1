"use server";

import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { changePassword } from "@/lib/users/password-change";
import { changePasswordSchema } from "@/lib/users/schema";
import { SIGN_IN_NOTICES } from "../sign-in/state";
import { ACCOUNT_NOTICES } from "./state";

/** Every session of the account ends with the change; this browser gets a fresh one with the new password. */
export const changePasswordAction = defineFormAction({
  name: "users.change_password",
  access: "viewer",
  schema: changePasswordSchema,
  fields: ["currentPassword", "password", "confirmPassword"],
  async handle({ input, user, client }): Promise<never> {
    const { email } = await changePassword(getServerContext().appDb, {
      userId: user.id,
      currentPassword: input.currentPassword,
      newPassword: input.password,
      ip: client,
    });
    let reissued = true;
    try {
      await signIn("credentials", { email, password: input.password, redirect: false });
    } catch {
      reissued = false;
    }
    if (!reissued) {
      // the old session is already void (its version is stale); say why the visitor lands on sign-in
      await signOut({ redirect: false });
      redirect(`/admin/sign-in?notice=${SIGN_IN_NOTICES.passwordChanged}`);
    }
    // A redirect, not a returned result: re-rendering this request would read the old, now refused
    // cookie (Auth.js reads the request's headers), while the redirect is rendered with the new one.
    redirect(`/admin/account?notice=${ACCOUNT_NOTICES.passwordChanged}`);
  },
});
