"use client";

import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import { formatTime } from "@/components/admin/format-time";
import { Badge } from "@/components/ui/badge";
import type { SubscriberRowDto } from "@/lib/subscribers/schema";

const STATUS_TONE = { active: "success", unsubscribed: "neutral", expired: "warning" } as const;

const columns: DataColumn<SubscriberRowDto>[] = [
  {
    id: "endpoint",
    header: "Endpoint",
    cell: ({ row }) => (
      <Link
        href={`/admin/subscribers/${row.original.id}`}
        className="text-brand-700 dark:text-brand-100 font-mono text-xs break-all hover:underline md:break-normal"
      >
        {row.original.endpoint}
      </Link>
    ),
    meta: { primary: true },
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <Badge tone={STATUS_TONE[row.original.status]}>{row.original.status}</Badge>,
  },
  { id: "service", header: "Service", accessorFn: (r) => r.pushService },
  {
    id: "browser",
    header: "Browser · platform",
    cell: ({ row }) => `${row.original.browser} · ${row.original.platform}`,
  },
  {
    id: "user",
    header: "User id",
    cell: ({ row }) =>
      row.original.externalId === null ? (
        <span className="text-muted">—</span>
      ) : (
        <span className="font-mono text-xs break-all">{row.original.externalId}</span>
      ),
    meta: { hideBelow: "xl" },
  },
  { id: "language", header: "Language", cell: ({ row }) => row.original.language ?? "—", meta: { hideBelow: "xl" } },
  {
    id: "topics",
    header: "Topics",
    cell: ({ row }) => <span className="text-muted">{row.original.topics.join(", ") || "—"}</span>,
    meta: { hideBelow: "xl" },
  },
  {
    id: "subscribed",
    header: "Subscribed (UTC)",
    cell: ({ row }) => <span className="text-muted whitespace-nowrap">{formatTime(row.original.createdAt)}</span>,
  },
];

export function SubscriberTable({ rows }: { rows: SubscriberRowDto[] }) {
  return <DataTable caption="Subscribers" columns={columns} data={rows} rowKey={(r) => r.id} />;
}
