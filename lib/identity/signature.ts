// Identity verification: the site's back-end signs its user id with the install's identity secret
// (./secret.ts), the page passes id and signature at opt-in, and we store the id only when the signature
// holds — so a visitor cannot attach their browser to someone else's account by typing an id. The
// snippets shown on /admin/api (lib/api/identity-snippets.ts) compute the same HMAC.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Hex HMAC-SHA256 of the id's UTF-8 bytes, keyed by the secret's UTF-8 text (not its base64url-decoded bytes). */
export function identitySignature(secret: string, externalId: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(externalId, "utf8").digest("hex");
}

/** Constant-time check; false for anything that is not 64 hex digits. Upper-case hex is accepted. */
export function verifyIdentitySignature(secret: string, externalId: string, signature: string): boolean {
  if (typeof signature !== "string" || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(identitySignature(secret, externalId), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
