// Settings: one JSON value per key, validated by the key's schema on every read and write (./keys.ts).
// The sync SQLite variants the bootstrap, the sender and the visitor hot path still need are in
// ./store-sync.ts and share the validation below.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db/app-db";

/** A stored value as its schema accepts it; anything the schema refuses reads as missing. */
export function validStored<T>(value: unknown, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Reads one setting and validates it; a missing or invalid value returns undefined. */
export async function readSetting<T>(db: Db, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const { settings } = db.tables;
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return row ? validStored(row.value, schema) : undefined;
}

export async function writeSetting<T>(db: Db, key: string, schema: z.ZodType<T>, value: T): Promise<void> {
  const { settings } = db.tables;
  const checked = schema.parse(value);
  const updatedAt = new Date();
  await db
    .insert(settings)
    .values({ key, value: checked, updatedAt })
    .onConflictDoUpdate({ target: settings.key, set: { value: checked, updatedAt } });
}

/** Stores a value only if the key is absent; returns what is stored afterwards (first writer wins). */
export async function initSetting<T>(db: Db, key: string, schema: z.ZodType<T>, create: () => T): Promise<T> {
  return db.transaction(async (tx) => {
    const existing = await readSetting(tx, key, schema);
    if (existing !== undefined) return existing;
    const value = schema.parse(create());
    await tx.insert(tx.tables.settings).values({ key, value, updatedAt: new Date() }).onConflictDoNothing();
    return (await readSetting(tx, key, schema)) ?? value;
  });
}
