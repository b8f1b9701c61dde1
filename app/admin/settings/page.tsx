import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Settings" description="Push keys, notification defaults and the push services you allow." />
      <Card>
        <EmptyState title="Nothing to configure yet" description="Settings for keys, defaults and allowed push services will be managed here." />
      </Card>
    </>
  );
}
