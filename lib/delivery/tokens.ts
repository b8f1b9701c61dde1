import { randomBytes } from "node:crypto";
import type { SqliteDb } from "@/lib/db/client";

/** 6 bytes of time then 16 random bytes, in base64url. */
export const RECEIPT_TOKEN_LENGTH = 30;

const RANDOM_BYTES = 16;

function tokenOf(now: number, random: Buffer, offset: number): string {
  const token = Buffer.allocUnsafe(6 + RANDOM_BYTES);
  token.writeUIntBE(Math.max(0, Math.floor(now)) % 2 ** 48, 0, 6);
  random.copy(token, 6, offset, offset + RANDOM_BYTES);
  return token.toString("base64url");
}

/**
 * An unguessable receipt token (128 random bits): the service worker reports shown/clicked with it.
 * The leading milliseconds (8 characters) are shared by a whole snapshot chunk, so its inserts land
 * together in the unique token index instead of on random pages across a million-row index.
 */
export function newReceiptToken(now: number): string {
  return tokenOf(now, randomBytes(RANDOM_BYTES), 0);
}

/** `count` tokens as newReceiptToken makes them, from one read of the random source (a snapshot chunk's). */
export function newReceiptTokens(now: number, count: number): string[] {
  const random = randomBytes(RANDOM_BYTES * count);
  return Array.from({ length: count }, (_, i) => tokenOf(now, random, i * RANDOM_BYTES));
}

const registered = new WeakSet<object>();

/** Makes `pushboard_receipt_token(now)` callable from SQL on this connection (for INSERT … SELECT). */
export function registerTokenFunction(db: SqliteDb): void {
  if (registered.has(db.$client)) return;
  db.$client.function("pushboard_receipt_token", { deterministic: false }, (now: unknown) =>
    newReceiptToken(Number(now)),
  );
  registered.add(db.$client);
}
