import { PageHeader } from "@/components/admin/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";

export default async function OverviewPage() {
  const user = await requirePageUser("viewer");
  return (
    <>
      <PageHeader title="Overview" description={`Welcome${user.name ? `, ${user.name}` : ""}. Subscribers, campaigns and delivery at a glance.`} />
      <Card>
        <EmptyState
          icon={<BellIcon />}
          title="Nothing to report yet"
          description="Once visitors opt in on your site and campaigns go out, subscriber growth and delivery figures appear here."
        />
      </Card>
    </>
  );
}

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.6">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
