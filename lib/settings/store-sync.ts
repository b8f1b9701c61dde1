// The settings store on the sync SQLite API, for the callers that cannot await yet: getServerContext()
// (sync, creates the keys on first use), the sender process and the visitor hot path (the allowed push
// hosts, read on every request by a prepared statement). Validation is ./store.ts's. This file goes when
// its last caller is async (eslint.config.mjs LEGACY_SYNC).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { SqliteDb } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { settings } from "@/lib/db/schema";
import { validStored } from "./store";

/** readSetting of ./store.ts, sync. */
export function readSettingSync<T>(db: SqliteDb, key: string, schema: z.ZodType<T>): T | undefined {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row ? validStored(row.value, schema) : undefined;
}

/**
 * readSettingSync by a statement prepared once per connection, for settings read on every visitor request
 * (the allowed push hosts). Takes the database itself: a drizzle transaction has no connection to prepare on.
 */
export function readSettingPrepared<T>(db: SqliteDb, key: string, schema: z.ZodType<T>): T | undefined {
  const text = prepared(db, `SELECT value FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
  if (text === undefined) return undefined;
  try {
    return validStored(JSON.parse(text), schema);
  } catch {
    return undefined; // not JSON: as invalid as a value the schema refuses
  }
}

/** initSetting of ./store.ts, sync: stores a value only if the key is absent (first writer wins). */
export function initSettingSync<T>(db: SqliteDb, key: string, schema: z.ZodType<T>, create: () => T): T {
  return db.transaction(
    (tx) => {
      const existing = readSettingSync(tx as unknown as SqliteDb, key, schema);
      if (existing !== undefined) return existing;
      const value = schema.parse(create());
      tx.insert(settings).values({ key, value, updatedAt: new Date() }).onConflictDoNothing().run();
      return readSettingSync(tx as unknown as SqliteDb, key, schema) ?? value;
    },
    { behavior: "immediate" },
  );
}
