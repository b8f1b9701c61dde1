"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartSeries } from "./chart-frame";

type Row = Record<string, number | string>;

/** Counts per day, stacked by series (push service, topic). */
export function StackedBarChart({
  caption,
  series,
  rows,
  xKey,
}: {
  caption: string;
  series: ChartSeries[];
  rows: Row[];
  xKey: string;
}) {
  const empty = rows.every((r) => series.every((s) => !Number(r[s.key])));
  return (
    <ChartFrame caption={caption} series={series} rows={rows} labelOf={(r) => String(r[xKey])} empty={empty}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey={xKey}
            tickFormatter={(v) => String(v).slice(5)}
            tick={{ fontSize: 11, fill: "var(--text-muted)" }}
            stroke="var(--border)"
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border)" />
          <Tooltip
            cursor={{ fill: "rgba(127,127,127,0.1)" }}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", fontSize: 12 }}
          />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
