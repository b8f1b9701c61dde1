"use client";

import { Badge } from "@/components/ui/badge";
import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import type { DeliveryLogRow } from "@/lib/campaigns/delivery-log";
import { formatUtc } from "./format";

const TONE = {
  queued: "neutral",
  sending: "brand",
  accepted: "success",
  retrying: "warning",
  failed: "danger",
  expired: "warning",
  cancelled: "neutral",
} as const;

const columns: DataColumn<DeliveryLogRow>[] = [
  {
    id: "subscription",
    header: "Subscription",
    accessorFn: (r) => r.subscription,
    cell: (info) => <span className="font-mono text-xs whitespace-nowrap">{String(info.getValue())}</span>,
    meta: { primary: true },
  },
  {
    id: "status",
    header: "Status",
    accessorFn: (r) => r.status,
    cell: ({ row }) => <Badge tone={TONE[row.original.status]}>{row.original.status}</Badge>,
  },
  { id: "attempts", header: "Attempts", accessorFn: (r) => r.attempts, meta: { numeric: true, hideBelow: "xl" } },
  {
    id: "code",
    header: "Last code",
    accessorFn: (r) => r.statusCode,
    cell: ({ row }) => (
      <span title={row.original.error ?? undefined}>
        {row.original.statusCode ?? "—"}
        {row.original.error ? (
          <span className="text-muted block max-w-64 truncate text-xs">{row.original.error}</span>
        ) : null}
      </span>
    ),
  },
  {
    id: "queued",
    header: "Queued",
    accessorFn: (r) => r.createdAt,
    cell: (info) => <span className="text-muted whitespace-nowrap">{formatUtc(info.getValue() as number)}</span>,
    meta: { hideBelow: "2xl", wide: true },
  },
  {
    id: "accepted",
    header: "Accepted",
    accessorFn: (r) => r.acceptedAt,
    cell: (info) => <span className="text-muted whitespace-nowrap">{formatUtc(info.getValue() as number | null)}</span>,
    meta: { hideBelow: "2xl", wide: true },
  },
  {
    id: "updated",
    header: "Last change",
    accessorFn: (r) => r.updatedAt,
    cell: (info) => <span className="text-muted whitespace-nowrap">{formatUtc(info.getValue() as number)}</span>,
    meta: { wide: true },
  },
];

export function DeliveryLogTable({ rows }: { rows: DeliveryLogRow[] }) {
  return <DataTable caption="Delivery log" columns={columns} data={rows} rowKey={(r) => r.id} cardHeading="h3" />;
}
