import { pgTable, integer, text, jsonb, timestamp, uniqueIndex, index } from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";
import { users } from "./users";
import type { ApiScope } from "../schema/api-keys";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    name: text().notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: jsonb().$type<ApiScope[]>().notNull(),
    rateLimitPerSecond: integer().notNull().default(100),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    lastUsedAt: timestamp({ withTimezone: true, precision: 3 }),
    lastUsedAddress: text(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [uniqueIndex("api_keys_secret_hash_unique").on(t.secretHash)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    apiKeyId: integer()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer().notNull(),
    response: jsonb().$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_key_unique").on(t.apiKeyId, t.key),
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);
