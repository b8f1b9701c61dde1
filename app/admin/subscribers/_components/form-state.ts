// The result every server action of the subscribers, topics, settings and team screens returns.
export type FormState =
  | { ok: true; message: string; data?: Record<string, string | number> }
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined> }
  | null;

export const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export const formatTime = (value: number | null) => (value === null ? "—" : dateTime.format(new Date(value)));
