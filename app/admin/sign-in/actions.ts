"use server";

import { CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, SignInThrottled } from "@/lib/auth/auth";
import { formatRetryAfter } from "@/lib/auth/throttle";
import { UNREADABLE_FORM } from "@/lib/http/form-data";
import { signInSchema } from "@/lib/users/schema";
import { INVALID_CREDENTIALS_MESSAGE, safeCallbackUrl, type SignInState } from "./state";

// Public by design: this is how a visitor becomes a user. The throttle, the audit trail and the
// password check all run inside the Credentials provider's authorize().
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  // A server action is a public endpoint: a hand-made request can pass anything as its arguments.
  if (!(formData instanceof FormData)) return UNREADABLE_FORM;
  const email = typeof formData.get("email") === "string" ? String(formData.get("email")).slice(0, 254) : "";
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { ok: false, message: "Enter your email and password.", fieldErrors: z.flattenError(parsed.error).fieldErrors, email };

  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof SignInThrottled) return { ok: false, message: formatRetryAfter(error.retryAfterMs), email };
    if (error instanceof CredentialsSignin) return { ok: false, message: INVALID_CREDENTIALS_MESSAGE, email };
    throw error;
  }
  redirect(safeCallbackUrl(formData.get("callbackUrl")));
}
