import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { listPendingInvitations } from "@/lib/team/invitations";
import { listUsers } from "@/lib/users/queries";
import { formatTime } from "@/components/admin/format-time";
import { InviteForm } from "./_components/invite-form";
import { MemberControls, RevokeInvitation } from "./_components/member-controls";
import { ResetPassword } from "./_components/reset-password";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const me = await requirePageUser("owner");
  const { db } = getServerContext();
  const members = listUsers(db);
  const invitations = listPendingInvitations(db);
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
        <Table caption="Team members">
          <THead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th className="hidden sm:table-cell">Last sign-in (UTC)</Th>
              <Th>Manage</Th>
            </tr>
          </THead>
          <TBody>
            {members.map((member) => (
              <tr key={member.id}>
                <Td>
                  <span className="block font-medium">
                    {member.name ?? member.email}
                    {member.id === me.id ? <span className="text-muted font-normal"> (you)</span> : null}
                  </span>
                  <span className="text-muted block text-xs">{member.email}</span>
                </Td>
                <Td>
                  <Badge tone={member.role === "owner" ? "brand" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
                </Td>
                <Td className="text-muted hidden sm:table-cell">
                  {member.lastSignInAt ? formatTime(Date.parse(member.lastSignInAt)) : "Never"}
                </Td>
                <Td>
                  <MemberControls userId={member.id} role={member.role} label={member.email} />
                  {member.id === me.id ? null : <ResetPassword userId={member.id} label={member.email} />}
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <Card>
        <CardHeader title="Pending invitations" />
        {invitations.length === 0 ? (
          <CardBody>
            <p className="text-muted text-sm">No pending invitations.</p>
          </CardBody>
        ) : (
          <Table caption="Pending invitations">
            <THead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th className="hidden sm:table-cell">Expires (UTC)</Th>
                <Th />
              </tr>
            </THead>
            <TBody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <Td>{invitation.email}</Td>
                  <Td>{ROLE_LABELS[invitation.role]}</Td>
                  <Td className="text-muted hidden sm:table-cell">{formatTime(invitation.expiresAt)}</Td>
                  <Td>
                    <RevokeInvitation id={invitation.id} email={invitation.email} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
