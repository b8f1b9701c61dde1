"use client";

import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import { formatTime } from "@/components/admin/format-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { ApiKeyDto, ApiKeyState } from "@/lib/api-keys/dto";
import { RevokeKey } from "./revoke-key";

const STATE: Record<ApiKeyState, { label: string; tone: "success" | "warning" | "neutral" }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  revoked: { label: "Revoked", tone: "neutral" },
};

const columns: DataColumn<ApiKeyDto>[] = [
  {
    id: "key",
    header: "Key",
    cell: ({ row: { original: key } }) => (
      <>
        <span className="block font-medium">{key.name}</span>
        <span className="text-muted block font-mono text-xs font-normal">{key.prefix}…</span>
      </>
    ),
    meta: { primary: true },
  },
  {
    id: "scopes",
    header: "Scopes",
    cell: ({ row: { original: key } }) => (
      <span className="flex flex-wrap gap-1">
        {key.scopes.map((scope) => (
          <Badge key={scope} className="font-mono">
            {scope}
          </Badge>
        ))}
      </span>
    ),
  },
  {
    id: "state",
    header: "State",
    cell: ({ row: { original: key } }) => <Badge tone={STATE[key.state].tone}>{STATE[key.state].label}</Badge>,
  },
  {
    id: "last-used",
    header: "Last used (UTC)",
    cell: ({ row: { original: key } }) =>
      key.lastUsedAt === null ? (
        <span className="text-muted">Never</span>
      ) : (
        <>
          <span className="block">{formatTime(key.lastUsedAt)}</span>
          <span className="text-muted block text-xs break-all">from {key.lastUsedAddress ?? "?"}</span>
        </>
      ),
  },
  {
    id: "expires",
    header: "Expires (UTC)",
    cell: ({ row: { original: key } }) => (
      <span className="text-muted">
        {key.state === "revoked"
          ? `Revoked ${formatTime(key.revokedAt)}`
          : key.expiresAt
            ? formatTime(key.expiresAt)
            : "Never"}
      </span>
    ),
    meta: { hideBelow: "lg" },
  },
  {
    id: "created",
    header: "Created",
    cell: ({ row: { original: key } }) => (
      <>
        <span className="block">{formatTime(key.createdAt)}</span>
        <span className="text-muted block text-xs break-all">{key.createdByEmail ?? "a removed account"}</span>
      </>
    ),
    meta: { hideBelow: "lg" },
  },
  {
    id: "revoke",
    header: () => <span className="sr-only">Revoke</span>,
    cell: ({ row: { original: key } }) =>
      key.state === "revoked" ? null : <RevokeKey id={key.id} name={key.name} prefix={key.prefix} />,
    meta: { actions: true, label: "Revoke" },
  },
];

export function KeyTable({ keys }: { keys: ApiKeyDto[] }) {
  return (
    <DataTable
      caption="API keys"
      columns={columns}
      data={keys}
      rowKey={(key) => key.id}
      cardHeading="h3"
      empty={
        <EmptyState
          title="No API keys yet"
          description="Create one above for each system that calls the API, so you can revoke one without the others."
        />
      }
    />
  );
}
