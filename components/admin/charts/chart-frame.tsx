import type { ReactNode } from "react";

export type ChartSeries = { key: string; label: string; color: string };

/**
 * A chart with a caption and the same numbers as a screen-reader table, since a screen reader cannot
 * read the drawing itself meaningfully.
 */
export function ChartFrame({
  caption,
  series,
  rows,
  labelOf,
  children,
  empty,
}: {
  caption: string;
  series: ChartSeries[];
  rows: Record<string, unknown>[];
  labelOf: (row: Record<string, unknown>) => string;
  children: ReactNode;
  empty?: boolean;
}) {
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium">{caption}</figcaption>
      {empty ? (
        <p className="text-muted flex h-40 items-center justify-center rounded-md border border-dashed border-subtle text-sm">
          No data yet
        </p>
      ) : (
        // recharts' own accessibility layer makes the chart keyboard-usable (arrow keys move the tooltip)
        <div className="h-56 w-full">{children}</div>
      )}
      <ul className="flex flex-wrap gap-3 text-xs" aria-hidden>
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      {/* a table ignores a 1px width: the wrapper is what keeps it from widening the page */}
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <th scope="row">{labelOf(row)}</th>
                {series.map((s) => (
                  <td key={s.key}>{String(row[s.key] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
