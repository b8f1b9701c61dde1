import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Subscribers" };

export default async function SubscribersPage() {
  await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Subscribers" description="Everyone who opted in to notifications on your site." />
      <Card>
        <EmptyState title="No subscribers yet" description="When visitors allow notifications on your site, their subscriptions appear here." />
      </Card>
    </>
  );
}
