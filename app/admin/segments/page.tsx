import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Segments" description="Reusable audiences defined by rules, such as browser, language or topic." />
      <Card>
        <EmptyState title="No segments yet" description="Segments you define appear here, each with the number of subscribers it matches." />
      </Card>
    </>
  );
}
