import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { listPendingInvitations } from "@/lib/team/invitations";
import { listUsers } from "@/lib/users/queries";
import { InviteForm } from "./_components/invite-form";
import { InvitationTable, MemberTable } from "./_components/team-tables";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const me = await requirePageUser("owner");
  const { appDb } = getServerContext();
  const [members, invitations] = await Promise.all([listUsers(appDb), listPendingInvitations(appDb)]);
  return (
    <>
      <PageHeader
        title="Team"
        description="Who can sign in to this dashboard, and what each person may do. Pushboard always keeps at least one owner."
      />
      <Card className="mb-6">
        <CardHeader
          title="Invite someone"
          description="Pushboard sends no email: it makes a single-use link, valid for 7 days, that you pass on yourself."
        />
        <CardBody>
          <InviteForm />
        </CardBody>
      </Card>
      <Card className="mb-6">
        <MemberTable members={members} meId={me.id} />
      </Card>
      <Card>
        <CardHeader title="Pending invitations" />
        {invitations.length === 0 ? (
          <CardBody>
            <p className="text-muted text-sm">No pending invitations.</p>
          </CardBody>
        ) : (
          <InvitationTable invitations={invitations} />
        )}
      </Card>
    </>
  );
}
