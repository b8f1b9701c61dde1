import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/admin/auth-frame";
import { requireUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { hasAnyUser } from "@/lib/users/queries";
import { SignInForm } from "./_components/sign-in-form";
import { INVALID_CREDENTIALS_MESSAGE, NOTICE_MESSAGES, safeCallbackUrl } from "./state";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js sends failed direct sign-ins here with ?error=…&code=…
const AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: INVALID_CREDENTIALS_MESSAGE,
  throttled: "Too many attempts. Try again in a few minutes.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!(await hasAnyUser(getServerContext().appDb))) redirect("/admin/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if ((await requireUser("viewer")).ok) redirect(callbackUrl);

  const code = typeof params.code === "string" ? params.code : undefined;
  const error = typeof params.error === "string" ? params.error : undefined;
  const notice = typeof params.notice === "string" ? NOTICE_MESSAGES[params.notice] : undefined;
  const initialMessage =
    (code && AUTH_ERRORS[code]) || (error && (AUTH_ERRORS[error] ?? "Sign-in failed. Try again.")) || notice;
  return (
    <AuthFrame title="Sign in" description="Sign in to the Pushboard dashboard.">
      <SignInForm callbackUrl={callbackUrl} initialMessage={initialMessage || undefined} />
    </AuthFrame>
  );
}
