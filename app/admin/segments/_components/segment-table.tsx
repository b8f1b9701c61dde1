"use client";

import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/admin/data-table/data-table";
import { DeleteSegment } from "./delete-segment";

/** A segment as the list shows it: its count and the pending campaigns that aim at it. */
export type SegmentRow = {
  id: number;
  name: string;
  description: string;
  rulesInvalid: boolean;
  subscribers: number | null;
  usedBy: number[];
};

export function SegmentTable({ rows, canEdit }: { rows: SegmentRow[]; canEdit: boolean }) {
  const columns: DataColumn<SegmentRow>[] = [
    {
      id: "segment",
      header: "Segment",
      cell: ({ row: { original: s } }) => (
        <>
          {canEdit ? (
            <Link
              href={`/admin/segments/${s.id}`}
              className="font-medium text-brand-700 hover:underline dark:text-brand-100"
            >
              {s.name}
            </Link>
          ) : (
            <span className="font-medium">{s.name}</span>
          )}
          {s.description ? <span className="text-muted block text-xs font-normal">{s.description}</span> : null}
          {s.rulesInvalid ? (
            <span className="block text-xs font-normal text-red-700 dark:text-red-400">
              Rules no longer valid: edit to fix.
            </span>
          ) : null}
        </>
      ),
      meta: { primary: true },
    },
    {
      id: "subscribers",
      header: "Subscribers",
      cell: ({ row }) => (row.original.subscribers === null ? "—" : row.original.subscribers.toLocaleString("en")),
      meta: { numeric: true },
    },
    {
      id: "used-by",
      header: "Used by",
      cell: ({ row }) =>
        row.original.usedBy.length === 0 ? (
          <span className="text-muted">no pending campaign</span>
        ) : (
          <span className="flex flex-wrap gap-1.5">
            {row.original.usedBy.map((id) => (
              <Link
                key={id}
                href={`/admin/campaigns/${id}`}
                className="text-brand-700 hover:underline dark:text-brand-100"
              >
                #{id}
              </Link>
            ))}
          </span>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (canEdit ? <DeleteSegment id={row.original.id} name={row.original.name} /> : null),
      meta: { actions: true, label: "Actions", className: "text-right" },
    },
  ];
  return <DataTable caption="Segments" columns={columns} data={rows} rowKey={(s) => s.id} />;
}
