import { timestamp } from "drizzle-orm/pg-core";

// Shared column mixins. Times are timestamptz with milliseconds: the same Date values SQLite's integer
// milliseconds give the domain code.
export const createdAt = () =>
  timestamp({ withTimezone: true, precision: 3 })
    .notNull()
    .$defaultFn(() => new Date());

export const timestamps = {
  createdAt: createdAt(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};
