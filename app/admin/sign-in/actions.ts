"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, SignInThrottled } from "@/lib/auth/auth";
import { formatRetryAfter } from "@/lib/auth/throttle";
import { defineFormAction } from "@/lib/http/action";
import { signInSchema } from "@/lib/users/schema";
import { INVALID_CREDENTIALS_MESSAGE, safeCallbackUrl } from "./state";

// Public by design: this is how a visitor becomes a user. The throttle, the audit trail and the
// password check all run inside the Credentials provider's authorize().
export const signInAction = defineFormAction({
  name: "auth.sign_in",
  access: "public",
  schema: signInSchema.extend({ callbackUrl: z.unknown() }),
  fields: ["email", "password", "callbackUrl"],
  keep: ["email"],
  invalid: "Enter your email and password.",
  async handle({ input: { email, password, callbackUrl } }) {
    try {
      await signIn("credentials", { email, password, redirect: false });
    } catch (error) {
      if (error instanceof SignInThrottled) return { ok: false, message: formatRetryAfter(error.retryAfterMs) };
      if (error instanceof CredentialsSignin) return { ok: false, message: INVALID_CREDENTIALS_MESSAGE };
      throw error;
    }
    redirect(safeCallbackUrl(callbackUrl));
  },
});
