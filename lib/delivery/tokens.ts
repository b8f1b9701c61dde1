import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

export const RECEIPT_TOKEN_LENGTH = 22; // 16 random bytes in base64url

/** An unguessable 128-bit receipt token: the service worker reports shown/clicked with it. */
export function newReceiptToken(): string {
  return randomBytes(16).toString("base64url");
}

const registered = new WeakSet<object>();

/** Makes `pushboard_receipt_token()` callable from SQL on this connection (for INSERT … SELECT). */
export function registerTokenFunction(db: Db): void {
  if (registered.has(db.$client)) return;
  db.$client.function("pushboard_receipt_token", { deterministic: false, varargs: false }, () => newReceiptToken());
  registered.add(db.$client);
}
