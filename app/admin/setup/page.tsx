import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthFrame } from "@/components/admin/auth-frame";
import { getServerContext } from "@/lib/server-context";
import { hasAnyUser } from "@/lib/users/queries";
import { SetupForm } from "./_components/setup-form";

export const metadata: Metadata = { title: "Set up Pushboard" };

// One time only: once any account exists this page is gone for good.
export default async function SetupPage() {
  if (await hasAnyUser(getServerContext().appDb)) notFound();
  return (
    <AuthFrame
      title="Create the owner account"
      description="This Pushboard has no accounts yet. The owner can manage everything, including the team."
    >
      <SetupForm />
    </AuthFrame>
  );
}
