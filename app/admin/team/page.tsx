import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Team" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function TeamPage() {
  const me = await requirePageUser("owner");
  const members = listUsers(getServerContext().db);
  return (
    <>
      <PageHeader title="Team" description="Who can sign in to this dashboard, and what each person may do." />
      <Card className="overflow-hidden">
        <Table caption="Team members">
          <THead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th className="hidden sm:table-cell">Last sign-in (UTC)</Th>
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
                <Td className="text-muted hidden sm:table-cell">{member.lastSignInAt ? dateFormat.format(new Date(member.lastSignInAt)) : "Never"}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </>
  );
}
