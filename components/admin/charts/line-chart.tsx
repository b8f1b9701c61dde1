"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, type ChartSeries } from "./chart-frame";

type Row = Record<string, number | string>;

/** Several series over time (x is a millisecond timestamp or a day string). */
export function TimeLineChart({
  caption,
  series,
  rows,
  xKey,
  formatX,
}: {
  caption: string;
  series: ChartSeries[];
  rows: Row[];
  xKey: string;
  formatX: "time" | "day";
}) {
  const format = (value: unknown) =>
    formatX === "time"
      ? new Date(Number(value)).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : String(value).slice(5);
  const empty = rows.every((r) => series.every((s) => !Number(r[s.key])));
  // Accepted, shown and clicked often share a point (all in the same minute): drawn with one width, the
  // last series hides the others. Each earlier series is drawn wider, so the later ones sit inside it as
  // nested stripes and rings and every series stays visible where they meet.
  const widthOf = (index: number) => 2 + (series.length - 1 - index) * 2.5;
  // a line needs two points: with few of them, dots make a lone minute visible at all
  const withDots = rows.length <= 30;
  return (
    <ChartFrame
      caption={caption}
      series={series}
      rows={rows}
      labelOf={(r) => (formatX === "time" ? new Date(Number(r[xKey])).toISOString() : String(r[xKey]))}
      empty={empty}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey={xKey}
            tickFormatter={format}
            tick={{ fontSize: 11, fill: "var(--text-muted)" }}
            stroke="var(--border)"
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--text-muted)" }} stroke="var(--border)" />
          <Tooltip
            labelFormatter={format}
            contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", fontSize: 12 }}
          />
          {series.map((s, index) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={widthOf(index)}
              dot={
                withDots ? { r: widthOf(index) + 1, fill: s.color, stroke: "var(--surface)", strokeWidth: 1 } : false
              }
              activeDot={{ r: widthOf(index) + 2 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
