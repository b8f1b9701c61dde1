// RFC 8292 token verification as a strict push service does it: ES256 signed by the `k` key, `aud`
// equal to our origin, `exp` in the future and at most 24 h ahead, `sub` a mailto: or https: contact.
import { createPublicKey, verify } from "node:crypto";

export type VapidCheck =
  | { ok: true; publicKey: string; claims: { aud: string; exp: number; sub: string } }
  | { ok: false; status: 401 | 403; reason: string };

const MAX_AHEAD_S = 24 * 3600;

function parseAuthorization(value: string | undefined): { t: string; k: string } | undefined {
  if (!value) return undefined;
  const match = /^vapid\s+(.*)$/i.exec(value.trim());
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const part of match[1]!.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const t = params.get("t");
  const k = params.get("k");
  return t && k ? { t, k } : undefined;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export function verifyVapid(
  authorization: string | undefined,
  origin: string,
  nowMs: number,
  requiredKey?: string,
): VapidCheck {
  const auth = parseAuthorization(authorization);
  if (!auth) return { ok: false, status: 401, reason: "missing or malformed 'vapid t=…, k=…' Authorization" };
  const point = Buffer.from(auth.k, "base64url");
  if (!/^[A-Za-z0-9_-]+$/.test(auth.k) || point.length !== 65 || point[0] !== 4)
    return { ok: false, status: 401, reason: "k is not a P-256 point" };
  if (requiredKey && !Buffer.from(requiredKey, "base64url").equals(point)) {
    return { ok: false, status: 403, reason: "k differs from the subscription's applicationServerKey" };
  }
  const parts = auth.t.split(".");
  if (parts.length !== 3) return { ok: false, status: 401, reason: "token is not a JWS" };
  const header = decodeJson(parts[0]!) as { alg?: unknown; typ?: unknown } | undefined;
  if (!header || header.alg !== "ES256") return { ok: false, status: 401, reason: "token alg must be ES256" };
  if (header.typ !== undefined && header.typ !== "JWT")
    return { ok: false, status: 401, reason: "token typ must be JWT" };
  let publicKey;
  try {
    publicKey = createPublicKey({
      format: "jwk",
      key: {
        kty: "EC",
        crv: "P-256",
        x: point.subarray(1, 33).toString("base64url"),
        y: point.subarray(33).toString("base64url"),
      },
    });
  } catch {
    return { ok: false, status: 401, reason: "k is not on the P-256 curve" };
  }
  const signature = Buffer.from(parts[2]!, "base64url");
  const signedOk =
    signature.length === 64 &&
    verify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, signature);
  if (!signedOk) return { ok: false, status: 401, reason: "token signature does not verify with k" };
  const claims = decodeJson(parts[1]!) as { aud?: unknown; exp?: unknown; sub?: unknown } | undefined;
  if (!claims || typeof claims !== "object") return { ok: false, status: 401, reason: "token claims are not JSON" };
  if (claims.aud !== origin) return { ok: false, status: 401, reason: `aud must be ${origin}` };
  const nowS = nowMs / 1000;
  if (typeof claims.exp !== "number" || !Number.isInteger(claims.exp))
    return { ok: false, status: 401, reason: "exp must be an integer" };
  if (claims.exp <= nowS) return { ok: false, status: 401, reason: "token expired" };
  if (claims.exp > nowS + MAX_AHEAD_S) return { ok: false, status: 401, reason: "exp more than 24 h ahead" };
  if (typeof claims.sub !== "string" || !/^(mailto:|https:\/\/)[^\s<>]+$/.test(claims.sub)) {
    return { ok: false, status: 401, reason: "sub must be a mailto: or https: contact" };
  }
  return { ok: true, publicKey: auth.k, claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub } };
}
