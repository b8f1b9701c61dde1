"use client";

import { flexRender, tableFeatures, useTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

const features = tableFeatures({});
type ColumnMeta = { className?: string; numeric?: boolean };
export type DataColumn<T extends RowData> = ColumnDef<typeof features, T>;

/** A headless @tanstack/react-table rendered with our table primitives: caption, scoped headers, empty state. */
export function DataTable<T extends RowData>({
  caption,
  columns,
  data,
  empty,
  rowKey,
}: {
  caption: string;
  columns: DataColumn<T>[];
  data: T[];
  empty?: ReactNode;
  rowKey?: (row: T) => string | number;
}) {
  const table = useTable({ features, data, columns, getRowId: rowKey ? (row: T) => String(rowKey(row)) : undefined });
  if (data.length === 0 && empty) return <>{empty}</>;
  return (
    <Table caption={caption}>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const meta = header.column.columnDef.meta as ColumnMeta | undefined;
              return (
                <Th key={header.id} className={cn(meta?.numeric && "text-right", meta?.className)}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </Th>
              );
            })}
          </tr>
        ))}
      </THead>
      <TBody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getAllCells().map((cell) => {
              const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
              return (
                <Td key={cell.id} className={cn(meta?.numeric && "text-right tabular-nums", meta?.className)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Td>
              );
            })}
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
