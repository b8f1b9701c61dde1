// What both engines' receipt recorders (./record.ts, ./record-postgres.ts) share.

export type RecordOutcome = "recorded" | "duplicate" | "unknown_token";

/** The campaign counter each kind bumps. */
export const COUNTER_COLUMN = {
  shown: "shown_count",
  closed: "closed_count",
  clicked: "clicked_count",
  action: "clicked_count",
} as const;

/** The same counters as delta columns (PostgreSQL, lib/delivery/counter-deltas.ts). */
export const COUNTER_DELTA = {
  shown: "shown",
  closed: "closed",
  clicked: "clicked",
  action: "clicked",
} as const;
