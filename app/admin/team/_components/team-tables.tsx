"use client";

import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import { formatTime } from "@/components/admin/format-time";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { InvitationDto } from "@/lib/team/invitations";
import type { UserDto } from "@/lib/users/dto";
import { MemberControls, RevokeInvitation } from "./member-controls";
import { ResetPassword } from "./reset-password";

export function MemberTable({ members, meId }: { members: UserDto[]; meId: number }) {
  const columns: DataColumn<UserDto>[] = [
    {
      id: "member",
      header: "Member",
      cell: ({ row: { original: member } }) => (
        <>
          <span className="block font-medium">
            {member.name ?? member.email}
            {member.id === meId ? <span className="text-muted font-normal"> (you)</span> : null}
          </span>
          <span className="text-muted block text-xs font-normal break-all">{member.email}</span>
        </>
      ),
      meta: { primary: true },
    },
    {
      id: "role",
      header: "Role",
      cell: ({ row: { original: member } }) => (
        <Badge tone={member.role === "owner" ? "brand" : "neutral"}>{ROLE_LABELS[member.role]}</Badge>
      ),
    },
    {
      id: "last-sign-in",
      header: "Last sign-in (UTC)",
      cell: ({ row: { original: member } }) => (
        <span className="text-muted">
          {member.lastSignInAt ? formatTime(Date.parse(member.lastSignInAt)) : "Never"}
        </span>
      ),
      meta: { hideBelow: "lg" },
    },
    {
      id: "manage",
      header: "Manage",
      cell: ({ row: { original: member } }) => (
        <div className="flex flex-wrap items-start gap-2">
          <MemberControls userId={member.id} role={member.role} label={member.email} />
          {member.id === meId ? null : <ResetPassword userId={member.id} label={member.email} />}
        </div>
      ),
      meta: { actions: true },
    },
  ];
  return <DataTable caption="Team members" columns={columns} data={members} rowKey={(m) => m.id} />;
}

const invitationColumns: DataColumn<InvitationDto>[] = [
  { id: "email", header: "Email", accessorFn: (i) => i.email, meta: { primary: true } },
  { id: "role", header: "Role", cell: ({ row }) => ROLE_LABELS[row.original.role] },
  {
    id: "expires",
    header: "Expires (UTC)",
    cell: ({ row }) => <span className="text-muted">{formatTime(row.original.expiresAt)}</span>,
  },
  {
    id: "revoke",
    header: () => <span className="sr-only">Revoke</span>,
    cell: ({ row }) => <RevokeInvitation id={row.original.id} email={row.original.email} />,
    meta: { actions: true, label: "Revoke" },
  },
];

export function InvitationTable({ invitations }: { invitations: InvitationDto[] }) {
  return (
    <DataTable
      caption="Pending invitations"
      columns={invitationColumns}
      data={invitations}
      rowKey={(i) => i.id}
      cardHeading="h3"
    />
  );
}
