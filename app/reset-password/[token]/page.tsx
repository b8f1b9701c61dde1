import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/admin/auth-frame";
import { getServerContext } from "@/lib/server-context";
import { findUsablePasswordReset } from "@/lib/team/password-resets";
import { ResetForm } from "./_components/reset-form";

// the token is in the path: never send it on as a referrer
export const metadata: Metadata = {
  title: "Choose a new password",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findUsablePasswordReset(getServerContext().appDb, token);
  if (!reset) {
    return (
      <AuthFrame
        title="This link has expired"
        description="The password-reset link was already used, replaced by a newer one, or is older than 24 hours. Ask an owner for a new one."
      >
        <Link href="/admin/sign-in" className="text-brand-700 dark:text-brand-100 text-sm hover:underline">
          Go to sign-in
        </Link>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title="Choose a new password"
      description="An owner reset your password. Setting a new one signs you out in every other browser."
    >
      <ResetForm token={token} email={reset.email} />
    </AuthFrame>
  );
}
