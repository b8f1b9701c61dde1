"use client";

import { flexRender, tableFeatures, useTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { DataCards } from "./data-cards";
import { HIDE_BELOW, metaOf, type ColumnMeta } from "./column-meta";

const features = tableFeatures({});
export type DataColumn<T extends RowData> = ColumnDef<typeof features, T>;
export type { ColumnMeta };

const cellClass = (meta: ColumnMeta, numeric: string) =>
  cn(meta.numeric && numeric, meta.hideBelow && HIDE_BELOW[meta.hideBelow], meta.className);

/**
 * A headless @tanstack/react-table rendered twice from the same rows: a table from `md` up (columns
 * leave by `hideBelow` as the width shrinks) and, below `md`, a list of cards. Only one of the two is
 * displayed, so assistive technology meets either a captioned table or a labelled list with headings.
 */
export function DataTable<T extends RowData>({
  caption,
  columns,
  data,
  empty,
  rowKey,
  cardHeading = "h2",
}: {
  caption: string;
  columns: DataColumn<T>[];
  data: T[];
  empty?: ReactNode;
  rowKey?: (row: T) => string | number;
  /** The cards' heading level: one below the heading the table sits under. */
  cardHeading?: "h2" | "h3" | "h4";
}) {
  const table = useTable({ features, data, columns, getRowId: rowKey ? (row: T) => String(rowKey(row)) : undefined });
  if (data.length === 0 && empty) return <>{empty}</>;
  const inTable = (meta: ColumnMeta) => meta.only !== "cards";
  return (
    <>
      <div className="hidden md:block">
        <Table caption={caption}>
          <THead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers
                  .filter((header) => inTable(metaOf(header.column)))
                  .map((header) => (
                    <Th key={header.id} className={cellClass(metaOf(header.column), "text-right")}>
                      {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                    </Th>
                  ))}
              </tr>
            ))}
          </THead>
          <TBody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row
                  .getAllCells()
                  .filter((cell) => inTable(metaOf(cell.column)))
                  .map((cell) => (
                    <Td key={cell.id} className={cellClass(metaOf(cell.column), "text-right tabular-nums")}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Td>
                  ))}
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
      <DataCards caption={caption} rows={table.getRowModel().rows} heading={cardHeading} />
    </>
  );
}
