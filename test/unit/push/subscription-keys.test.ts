import { createECDH, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateSubscriptionKeys, isP256Point } from "@/lib/push/subscription-keys";

function realKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

describe("validateSubscriptionKeys", () => {
  it("accepts a real browser key pair and returns canonical base64url", () => {
    const keys = realKeys();
    expect(validateSubscriptionKeys(keys.p256dh, keys.auth)).toEqual({ ok: true, ...keys });
    const padded = Buffer.from(keys.auth, "base64url").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    expect(validateSubscriptionKeys(keys.p256dh, padded)).toEqual({ ok: true, ...keys });
  });

  it("refuses a point that is not on the curve", () => {
    const point = Buffer.from(realKeys().p256dh, "base64url");
    point[64] = point[64]! ^ 0x01; // y no longer matches x
    expect(isP256Point(point)).toBe(false);
    const beyondField = Buffer.alloc(65, 0xff); // x and y past the field prime
    beyondField[0] = 4;
    expect(isP256Point(beyondField)).toBe(false);
    const result = validateSubscriptionKeys(point.toString("base64url"), realKeys().auth);
    expect(result).toEqual({ ok: false, field: "p256dh", reason: expect.stringMatching(/curve/) });
  });

  it("refuses the all-zero point and compressed or short keys", () => {
    const zero = Buffer.alloc(65);
    zero[0] = 4;
    expect(validateSubscriptionKeys(zero.toString("base64url"), realKeys().auth)).toMatchObject({
      ok: false,
      field: "p256dh",
    });
    const compressed = Buffer.from(realKeys().p256dh, "base64url");
    compressed[0] = 0x02;
    expect(validateSubscriptionKeys(compressed.toString("base64url"), realKeys().auth)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/uncompressed/),
    });
    expect(validateSubscriptionKeys(randomBytes(33).toString("base64url"), realKeys().auth)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/65 bytes/),
    });
  });

  it("refuses wrong alphabets, wrong types and wrong auth lengths", () => {
    const { p256dh } = realKeys();
    expect(validateSubscriptionKeys(`${p256dh.slice(0, -2)}!!`, realKeys().auth)).toMatchObject({
      ok: false,
      field: "p256dh",
    });
    expect(validateSubscriptionKeys(12345, realKeys().auth)).toMatchObject({ ok: false, field: "p256dh" });
    expect(validateSubscriptionKeys(p256dh, randomBytes(15).toString("base64url"))).toMatchObject({
      ok: false,
      field: "auth",
      reason: expect.stringMatching(/16 bytes/),
    });
    expect(validateSubscriptionKeys(p256dh, randomBytes(32).toString("base64url"))).toMatchObject({
      ok: false,
      field: "auth",
    });
    expect(validateSubscriptionKeys(p256dh, "not base64 at all")).toMatchObject({ ok: false, field: "auth" });
    expect(validateSubscriptionKeys(p256dh, null)).toMatchObject({ ok: false, field: "auth" });
  });
});
