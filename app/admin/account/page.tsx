import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/require-user";
import { FormMessage } from "@/components/ui/form-message";
import { ChangePasswordForm } from "./_components/change-password-form";
import { ACCOUNT_NOTICE_MESSAGES } from "./state";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePageUser("viewer");
  const { notice } = await searchParams;
  const message = typeof notice === "string" ? ACCOUNT_NOTICE_MESSAGES[notice] : undefined;
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${me.email}.`} />
      {message ? (
        <div className="mb-6">
          <FormMessage state={{ ok: true, message }} />
        </div>
      ) : null}
      <Card className="mb-6">
        <CardHeader
          title="Change password"
          description="Changing it signs you out in every other browser and device; this one stays signed in."
        />
        <CardBody>
          <ChangePasswordForm />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Sessions" />
        <CardBody>
          <p className="text-muted text-sm">
            “Sign out” ends this browser&apos;s session: a copy of its cookie stops working at once. “Sign out
            everywhere” (under your name in the menu) ends every session of your account, in every browser. Sessions
            also end 8 hours after signing in.
          </p>
        </CardBody>
      </Card>
    </>
  );
}
