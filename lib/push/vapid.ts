// VAPID (RFC 8292) Authorization headers, one cached ES256 token per push-service origin.
import { createECDH, createPrivateKey, sign, type KeyObject } from "node:crypto";
import { validateVapidSubject } from "./vapid-subject";

export type VapidCredentials = { publicKey: string; privateKey: string; subject: string };

/** Tokens live 12 h (Apple refuses more than 24 h) and are renewed once under 1 h remains. */
export const VAPID_TOKEN_LIFETIME_S = 12 * 3600;
export const VAPID_RENEW_BELOW_S = 3600;

export type VapidAuth = {
  /** `vapid t=<jwt>, k=<public key>` for the origin of an endpoint (scheme://host[:port]). */
  header(origin: string): string;
  readonly publicKey: string;
};

function importPrivateKey(publicKey: string, privateKey: string): KeyObject {
  const point = Buffer.from(publicKey, "base64url");
  const scalar = Buffer.from(privateKey, "base64url");
  if (point.length !== 65 || point[0] !== 0x04)
    throw new Error("VAPID public key must be a 65-byte uncompressed P-256 point");
  if (scalar.length !== 32) throw new Error("VAPID private key must be 32 bytes");
  // A mismatched pair would sign tokens every push service refuses (401 for every message).
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  if (!ecdh.getPublicKey().equals(point)) throw new Error("VAPID private key does not match the public key");
  return createPrivateKey({
    format: "jwk",
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
      d: scalar.toString("base64url"),
    },
  });
}

const JWT_HEADER = Buffer.from(JSON.stringify({ typ: "JWT", alg: "ES256" })).toString("base64url");

export function signVapidToken(key: KeyObject, claims: { aud: string; exp: number; sub: string }): string {
  const unsigned = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  const signature = sign("sha256", Buffer.from(unsigned), { key, dsaEncoding: "ieee-p1363" });
  return `${unsigned}.${signature.toString("base64url")}`;
}

export function createVapidAuth(credentials: VapidCredentials, now: () => number = Date.now): VapidAuth {
  const subject = validateVapidSubject(credentials.subject);
  if (!subject.ok) throw new Error(`Invalid VAPID subject: ${subject.message}`);
  const key = importPrivateKey(credentials.publicKey, credentials.privateKey);
  const cache = new Map<string, { header: string; exp: number }>();

  return {
    publicKey: credentials.publicKey,
    header(origin) {
      const nowS = Math.floor(now() / 1000);
      const cached = cache.get(origin);
      if (cached && cached.exp - nowS >= VAPID_RENEW_BELOW_S) return cached.header;
      const exp = nowS + VAPID_TOKEN_LIFETIME_S;
      const token = signVapidToken(key, { aud: origin, exp, sub: credentials.subject });
      const header = `vapid t=${token}, k=${credentials.publicKey}`;
      cache.set(origin, { header, exp });
      return header;
    },
  };
}
