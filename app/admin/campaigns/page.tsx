import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Campaigns" description="Compose notifications, choose who receives them and send now or later." />
      <Card>
        <EmptyState title="No campaigns yet" description="Campaigns you compose appear here with their status and delivery figures." />
      </Card>
    </>
  );
}
