const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Server-rendered times are UTC (the page cannot know the admin's zone before hydration); the label says so. */
export function formatUtc(value: Date | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${dateTime.format(typeof value === "number" ? new Date(value) : value)} UTC`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toLocaleString("en");
}

export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}
