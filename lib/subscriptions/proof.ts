import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  // Canonical form first: padded and unpadded base64url of the same secret are the same secret.
  return createHash("sha256").update(value.replace(/=+$/, "")).digest();
}

/** Compares auth secrets in constant time (digests make the lengths equal, as timingSafeEqual needs). */
export function authMatches(stored: string | null | undefined, given: string): boolean {
  const expected = digest(stored ?? "");
  const actual = digest(given);
  return timingSafeEqual(expected, actual) && typeof stored === "string" && stored.length > 0;
}
