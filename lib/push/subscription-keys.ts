// RFC 8291 keys of a browser's subscription, checked when they arrive (web-push.md): a bad p256dh would
// otherwise only fail later, once per send, inside the encryption step.
import { ECDH } from "node:crypto";

export type SubscriptionKeysCheck =
  { ok: true; p256dh: string; auth: string } | { ok: false; field: "p256dh" | "auth"; reason: string };

// Browsers send unpadded base64url; some libraries pad it. Buffer.from would silently skip stray
// characters, so the alphabet is checked first.
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decode(value: unknown): Buffer | undefined {
  if (typeof value !== "string" || value.length > 200 || !BASE64URL.test(value)) return undefined;
  return Buffer.from(value.replace(/=+$/, ""), "base64url");
}

/**
 * True when the 65 bytes are an uncompressed point on P-256: OpenSSL refuses to load a point off the
 * curve. (An ECDH key agreement would prove the same at about 8× the cost: every opt-in pays this.)
 */
export function isP256Point(bytes: Uint8Array): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    ECDH.convertKey(bytes, "prime256v1", undefined, undefined, "uncompressed");
    return true;
  } catch {
    return false;
  }
}

/** Validates both keys and returns them in canonical unpadded base64url. */
export function validateSubscriptionKeys(p256dh: unknown, auth: unknown): SubscriptionKeysCheck {
  const publicKey = decode(p256dh);
  if (!publicKey) return { ok: false, field: "p256dh", reason: "p256dh must be base64url text" };
  if (publicKey.length !== 65) {
    return {
      ok: false,
      field: "p256dh",
      reason: `p256dh must be 65 bytes (an uncompressed P-256 point), got ${publicKey.length}`,
    };
  }
  if (publicKey[0] !== 0x04)
    return { ok: false, field: "p256dh", reason: "p256dh must be an uncompressed point (leading byte 0x04)" };
  if (!isP256Point(publicKey))
    return { ok: false, field: "p256dh", reason: "p256dh is not a point on the P-256 curve" };

  const secret = decode(auth);
  if (!secret) return { ok: false, field: "auth", reason: "auth must be base64url text" };
  if (secret.length !== 16) return { ok: false, field: "auth", reason: `auth must be 16 bytes, got ${secret.length}` };

  return { ok: true, p256dh: publicKey.toString("base64url"), auth: secret.toString("base64url") };
}
