"use client";

import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import { formatTime } from "@/components/admin/format-time";

/** One audit entry as the page hands it over: the details already said in one line. */
export type AuditRow = {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  details: string;
};

const columns: DataColumn<AuditRow>[] = [
  {
    id: "action",
    header: "Action",
    cell: ({ row }) => <span className="font-mono text-xs">{row.original.action}</span>,
    meta: { primary: true },
  },
  {
    id: "when",
    header: "When (UTC)",
    cell: ({ row }) => <span className="text-muted whitespace-nowrap">{formatTime(row.original.at)}</span>,
    meta: { wide: true },
  },
  {
    id: "who",
    header: "Who",
    cell: ({ row }) => row.original.actor ?? <span className="text-muted">system / anonymous</span>,
    meta: { wide: true },
  },
  {
    id: "details",
    header: "Details",
    // a phone card shows the details whole; the table keeps rows one line high
    cell: ({ row }) => <span className="text-muted text-xs">{row.original.details || "—"}</span>,
    meta: { wide: true, className: "max-w-md truncate" },
  },
];

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return <DataTable caption="Audit log entries" columns={columns} data={rows} rowKey={(r) => r.id} />;
}
