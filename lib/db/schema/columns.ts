import { integer } from "drizzle-orm/sqlite-core";

// Shared column mixins. Times are stored as integer milliseconds since the epoch (UTC).
export const createdAt = () =>
  integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());

export const timestamps = {
  createdAt: createdAt(),
  updatedAt: integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};
