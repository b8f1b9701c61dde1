import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

/** 6 bytes of time then 16 random bytes, in base64url. */
export const RECEIPT_TOKEN_LENGTH = 30;

/**
 * An unguessable receipt token (128 random bits): the service worker reports shown/clicked with it.
 * The leading milliseconds (8 characters) are shared by a whole snapshot chunk, so its inserts land
 * together in the unique token index instead of on random pages across a million-row index.
 */
export function newReceiptToken(now: number): string {
  const token = Buffer.allocUnsafe(22);
  token.writeUIntBE(Math.max(0, Math.floor(now)) % 2 ** 48, 0, 6);
  randomBytes(16).copy(token, 6);
  return token.toString("base64url");
}

const registered = new WeakSet<object>();

/** Makes `pushboard_receipt_token(now)` callable from SQL on this connection (for INSERT … SELECT). */
export function registerTokenFunction(db: Db): void {
  if (registered.has(db.$client)) return;
  db.$client.function("pushboard_receipt_token", { deterministic: false }, (now: unknown) =>
    newReceiptToken(Number(now)),
  );
  registered.add(db.$client);
}
