"use client";

import { flexRender, type Row, type RowData, type TableFeatures } from "@tanstack/react-table";
import { labelOf, metaOf } from "./column-meta";

/**
 * The phone view of DataTable: one card per row, the primary column as its heading, the other
 * columns as label/value pairs and the actions column at the bottom.
 */
export function DataCards<F extends TableFeatures, T extends RowData>({
  caption,
  rows,
  heading: Heading,
}: {
  caption: string;
  rows: Row<F, T>[];
  heading: "h2" | "h3" | "h4";
}) {
  return (
    <ul aria-label={caption} className="divide-y divide-[var(--border)] md:hidden">
      {rows.map((row) => {
        const cells = row.getAllCells().filter((cell) => metaOf(cell.column).only !== "table");
        const primary = cells.find((cell) => metaOf(cell.column).primary);
        const actions = cells.filter((cell) => metaOf(cell.column).actions);
        const pairs = cells.filter((cell) => cell !== primary && !metaOf(cell.column).actions);
        return (
          <li key={row.id} className="space-y-3 px-4 py-4">
            {primary ? (
              <Heading className="min-w-0 text-sm font-medium break-words">
                {flexRender(primary.column.columnDef.cell, primary.getContext())}
              </Heading>
            ) : null}
            {pairs.length ? (
              <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                {pairs.map((cell) => (
                  <div key={cell.id} className={metaOf(cell.column).wide ? "col-span-2 min-w-0" : "min-w-0"}>
                    <dt className="text-muted text-xs">{labelOf(cell.column)}</dt>
                    <dd className={metaOf(cell.column).numeric ? "tabular-nums" : "min-w-0 break-words"}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {actions.map((cell) => (
              <div key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
