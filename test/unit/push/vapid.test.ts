import path from "node:path";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createVapidAuth, VAPID_RENEW_BELOW_S, VAPID_TOKEN_LIFETIME_S } from "@/lib/push/vapid";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { verifyVapid } from "@/test/support/strict-push-service/vapid-check";

const keys = generateVapidKeys("mailto:ops@pushboard.dev");
const T0 = Date.UTC(2030, 0, 1);

function decode(header: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  expect(match).not.toBeNull();
  const [h, p, s] = match![1]!.split(".");
  return {
    token: match![1]!,
    k: match![2]!,
    header: JSON.parse(Buffer.from(h!, "base64url").toString()),
    claims: JSON.parse(Buffer.from(p!, "base64url").toString()) as { aud: string; exp: number; sub: string },
    signed: Buffer.from(`${h}.${p}`),
    signature: Buffer.from(s!, "base64url"),
  };
}

describe("VAPID token cache", () => {
  it("signs an ES256 token that verifies with the public key, with aud/exp/sub right", () => {
    const auth = createVapidAuth(keys, () => T0);
    const t = decode(auth.header("https://fcm.googleapis.com"));
    expect(t.k).toBe(keys.publicKey);
    expect(t.header).toEqual({ typ: "JWT", alg: "ES256" });
    expect(t.claims).toEqual({
      aud: "https://fcm.googleapis.com",
      exp: T0 / 1000 + 12 * 3600,
      sub: "mailto:ops@pushboard.dev",
    });
    const point = Buffer.from(keys.publicKey, "base64url");
    const publicKey = createPublicKey({
      format: "jwk",
      key: {
        kty: "EC",
        crv: "P-256",
        x: point.subarray(1, 33).toString("base64url"),
        y: point.subarray(33).toString("base64url"),
      },
    });
    expect(t.signature).toHaveLength(64);
    expect(verify("sha256", t.signed, { key: publicKey, dsaEncoding: "ieee-p1363" }, t.signature)).toBe(true);
    // and the strict test service accepts it for that origin only
    expect(verifyVapid(auth.header("https://fcm.googleapis.com"), "https://fcm.googleapis.com", T0).ok).toBe(true);
    expect(verifyVapid(auth.header("https://fcm.googleapis.com"), "https://other.example", T0)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("reuses one token per origin and renews it when under 1 h remains", () => {
    let now = T0;
    const auth = createVapidAuth(keys, () => now);
    const first = auth.header("https://fcm.googleapis.com");
    const other = auth.header("https://updates.push.services.mozilla.com");
    expect(other).not.toBe(first);
    expect(decode(other).claims.aud).toBe("https://updates.push.services.mozilla.com");
    now = T0 + (VAPID_TOKEN_LIFETIME_S - VAPID_RENEW_BELOW_S) * 1000; // exactly 1 h left: still fine
    expect(auth.header("https://fcm.googleapis.com")).toBe(first);
    now += 1000; // under 1 h left
    const renewed = auth.header("https://fcm.googleapis.com");
    expect(renewed).not.toBe(first);
    expect(decode(renewed).claims.exp).toBe(Math.floor(now / 1000) + VAPID_TOKEN_LIFETIME_S);
    expect(auth.header("https://fcm.googleapis.com")).toBe(renewed);
  });

  it("refuses a bad subject or keys that do not belong together", () => {
    expect(() => createVapidAuth({ ...keys, subject: "mailto:me@localhost" })).toThrow(/subject/);
    const other = generateVapidKeys("mailto:ops@pushboard.dev");
    expect(() => createVapidAuth({ ...keys, privateKey: other.privateKey })).toThrow();
    expect(() => createVapidAuth({ ...keys, publicKey: "AAAA" })).toThrow(/65-byte/);
  });

  it("the strict checker accepts the RFC 8292 example signature and refuses its expired token", () => {
    const fixture = JSON.parse(
      readFileSync(path.join(process.cwd(), "test/fixtures/rfc8291-appendix-a.json"), "utf8"),
    ).rfc8292;
    const exp = fixture.jwt_claims.exp * 1000;
    expect(verifyVapid(fixture.authorization, "https://push.example.net", exp - 3600_000)).toMatchObject({
      ok: true,
      claims: fixture.jwt_claims,
    });
    expect(verifyVapid(fixture.authorization, "https://push.example.net", exp + 1000)).toMatchObject({
      ok: false,
      reason: "token expired",
    });
    expect(verifyVapid(fixture.authorization, "https://push.example.net", exp - 25 * 3600_000)).toMatchObject({
      ok: false,
      reason: "exp more than 24 h ahead",
    });
    const tampered = fixture.authorization.replace(
      "eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQi",
      "eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXUi",
    );
    expect(verifyVapid(tampered, "https://push.example.neu", exp - 3600_000)).toMatchObject({
      ok: false,
      reason: "token signature does not verify with k",
    });
  });
});
