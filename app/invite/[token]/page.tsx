import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/admin/auth-frame";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getServerContext } from "@/lib/server-context";
import { findUsableInvitation } from "@/lib/team/invitations";
import { AcceptForm } from "./_components/accept-form";

export const metadata: Metadata = {
  title: "Join Pushboard",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findUsableInvitation(getServerContext().appDb, token);
  if (!invitation) {
    return (
      <AuthFrame
        title="This invitation has expired"
        description="The link was already used, revoked, or is older than 7 days. Ask the owner for a new one."
      >
        <Link href="/admin/sign-in" className="text-brand-700 dark:text-brand-100 text-sm hover:underline">
          Go to sign-in
        </Link>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame
      title="Join Pushboard"
      description={`You were invited as ${ROLE_LABELS[invitation.role].toLowerCase()}. Choose your name and password.`}
    >
      <AcceptForm token={token} email={invitation.email} />
    </AuthFrame>
  );
}
