import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { settings } from "@/lib/db/schema";

/** Reads one setting and validates it; a missing or invalid value returns undefined. */
export function readSetting<T>(db: Db, key: string, schema: z.ZodType<T>): T | undefined {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row ? validStored(row.value, schema) : undefined;
}

/**
 * readSetting by a statement prepared once per connection, for settings read on every visitor request
 * (the allowed push hosts). Takes the database itself: a drizzle transaction has no connection to prepare on.
 */
export function readSettingPrepared<T>(db: Db, key: string, schema: z.ZodType<T>): T | undefined {
  const text = prepared(db, `SELECT value FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
  if (text === undefined) return undefined;
  try {
    return validStored(JSON.parse(text), schema);
  } catch {
    return undefined; // not JSON: as invalid as a value the schema refuses
  }
}

function validStored<T>(value: unknown, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function writeSetting<T>(db: Db, key: string, schema: z.ZodType<T>, value: T): void {
  const checked = schema.parse(value);
  db.insert(settings)
    .values({ key, value: checked, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value: checked, updatedAt: new Date() } })
    .run();
}

/** Stores a value only if the key is absent; returns what is stored afterwards (first writer wins). */
export function initSetting<T>(db: Db, key: string, schema: z.ZodType<T>, create: () => T): T {
  return db.transaction(
    (tx) => {
      const existing = readSetting(tx as unknown as Db, key, schema);
      if (existing !== undefined) return existing;
      const value = schema.parse(create());
      tx.insert(settings).values({ key, value, updatedAt: new Date() }).onConflictDoNothing().run();
      return readSetting(tx as unknown as Db, key, schema) ?? value;
    },
    { behavior: "immediate" },
  );
}
