// How the dashboard writes a moment: "Dec 2, 2026, 7:00 PM", in UTC so the server and the browser agree.
export const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export const formatTime = (value: number | null) => (value === null ? "—" : dateTime.format(new Date(value)));
