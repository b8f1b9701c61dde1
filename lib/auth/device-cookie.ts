// OWASP "device cookies": a browser that signed in as an account before carries a signed cookie naming
// that account and a random device id. With it, sign-in is exempt from the per-account lockout (which
// anyone can trigger by guessing), and is throttled by the device's own budget instead.
// Framework-free: auth.ts reads and writes the cookie; authenticate() decides what it is worth.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 86_400;

export type DeviceClaim = { userId: number; deviceId: string };

/** `__Host-` pins the cookie to our origin (no Domain, Path=/), but needs Secure. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-pushboard-device" : "pushboard-device";
}

export function deviceCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS };
}

export const newDeviceId = () => randomBytes(16).toString("base64url");

// A key of its own, derived from the auth secret, so a device-cookie MAC can never pass as anything else.
function mac(secret: string, payload: string): Buffer {
  const key = createHmac("sha256", secret).update("pushboard device cookie v1").digest();
  return createHmac("sha256", key).update(payload).digest();
}

export function signDeviceCookie(secret: string, claim: DeviceClaim): string {
  const payload = `v1.${claim.userId}.${claim.deviceId}`;
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

/** The claim of a cookie this server signed; null for anything else (tampered, foreign, malformed). */
export function readDeviceCookie(secret: string, value: string | null | undefined): DeviceClaim | null {
  const match = /^v1\.([1-9]\d{0,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return null;
  const [, userText, deviceId, signature] = match as unknown as [string, string, string, string];
  const expected = mac(secret, `v1.${userText}.${deviceId}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const userId = Number(userText);
  return Number.isSafeInteger(userId) ? { userId, deviceId } : null;
}
