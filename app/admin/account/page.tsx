import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/require-user";
import { ChangePasswordForm } from "./_components/change-password-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const me = await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${me.email}.`} />
      <Card className="mb-6">
        <CardHeader title="Change password" description="Changing it signs you out in every other browser and device; this one stays signed in." />
        <CardBody>
          <ChangePasswordForm />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Sessions" />
        <CardBody>
          <p className="text-muted text-sm">
            “Sign out” ends this browser&apos;s session: a copy of its cookie stops working at once. “Sign out everywhere” (under your name in
            the menu) ends every session of your account, in every browser. Sessions also end 8 hours after signing in.
          </p>
        </CardBody>
      </Card>
    </>
  );
}
