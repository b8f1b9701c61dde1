import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { createdAt, timestamps } from "./columns";
import { users } from "./users";
import type { ApiScope } from "../../api-keys/scopes";

/** What a key may do on /api/v1: lib/api-keys/scopes.ts lists and explains them. */
export type { ApiScope };

// Keys the site's own back-end calls /api/v1 with. The secret is shown once and never stored: only its
// SHA-256 (a 32-byte random secret needs no slow hash; lookups by hash are one index probe per request)
// and a short prefix the owner recognises it by.
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    prefix: text().notNull(), // "pb_" and the first characters of the secret, shown in the list
    secretHash: text().notNull(), // hex SHA-256 of the whole secret
    scopes: text({ mode: "json" }).$type<ApiScope[]>().notNull(),
    rateLimitPerSecond: integer().notNull().default(100),
    expiresAt: integer({ mode: "timestamp_ms" }),
    revokedAt: integer({ mode: "timestamp_ms" }),
    lastUsedAt: integer({ mode: "timestamp_ms" }),
    lastUsedAddress: text(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    // every API request finds its key by the secret's hash
    uniqueIndex("api_keys_secret_hash_unique").on(t.secretHash),
  ],
);

// The first answer to a POST carrying an Idempotency-Key, per key, kept 24 hours: a retry with the same
// key and body gets it again and sends nothing more. The row is written in the transaction that queues
// the send, so two parallel duplicates meet on the unique index and only one sends.
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    apiKeyId: integer()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text().notNull(),
    requestHash: text().notNull(), // SHA-256 of method, path and body: the same key with another body is refused
    status: integer().notNull(),
    response: text({ mode: "json" }).$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_key_unique").on(t.apiKeyId, t.key),
    // retention removes answers older than 24 hours
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);
