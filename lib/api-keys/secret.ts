// An API key's secret: "pb_" and 32 random bytes in base64url, shown once to its owner. Only its SHA-256 is
// stored: a 32-byte random secret cannot be guessed, so it needs no slow hash, and a request finds its key
// with one probe of the unique index on the hash.
import { createHash, randomBytes } from "node:crypto";

const PREFIX = "pb_";
/** "pb_" + 8 characters: enough to tell keys apart in a list, far too little to guess the rest from. */
export const API_KEY_PREFIX_LENGTH = PREFIX.length + 8;
const SHAPE = /^pb_[A-Za-z0-9_-]{43}$/;

export function generateApiKeySecret(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

/** Hex SHA-256 of the whole secret, as the api_keys row stores it. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What the dashboard and the audit log show of a key. */
export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX_LENGTH);
}

/** Cheap shape check before any lookup: every secret we issue has exactly this form. */
export function looksLikeApiKey(text: string): boolean {
  return SHAPE.test(text);
}
