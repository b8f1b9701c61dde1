import path from "node:path";
import { createECDH } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPushRequest } from "@/lib/push/request";
import {
  decryptRecords,
  decryptWebPush,
  deriveContentKeys,
  deriveWebPushIkm,
  encryptWebPushForTest,
  parseRecordHeader,
} from "@/test/support/push-crypto";

const fixture = JSON.parse(readFileSync(path.join(process.cwd(), "test/fixtures/rfc8291-appendix-a.json"), "utf8"));
const v = fixture.rfc8291 as Record<string, string>;
const b = (key: string) => Buffer.from(v[key]!, "base64url");
const ua = { privateKey: b("ua_private"), publicKey: b("ua_public"), authSecret: b("auth_secret") };

describe("RFC 8291 Appendix A", () => {
  it("reproduces every derived value", () => {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(b("as_private"));
    expect(ecdh.getPublicKey().equals(b("as_public"))).toBe(true);
    const secret = ecdh.computeSecret(b("ua_public"));
    expect(secret.equals(b("ecdh_secret"))).toBe(true);
    const { prkKey, keyInfo, ikm } = deriveWebPushIkm(secret, ua.authSecret, ua.publicKey, b("as_public"));
    expect(prkKey.equals(b("prk_key"))).toBe(true);
    expect(keyInfo.equals(b("key_info"))).toBe(true);
    expect(ikm.equals(b("ikm"))).toBe(true);
    const { prk, cek, nonce } = deriveContentKeys(ikm, b("salt"));
    expect(prk.equals(b("prk"))).toBe(true);
    expect(cek.equals(b("cek"))).toBe(true);
    expect(nonce.equals(b("nonce"))).toBe(true);
  });

  it("encrypts to the exact 144-byte body and decrypts it back", () => {
    const body = encryptWebPushForTest(b("plaintext"), ua, { privateKey: b("as_private"), salt: b("salt") });
    expect(body.length).toBe(144);
    expect(body.toString("base64url")).toBe(v.body);
    expect(body.subarray(0, parseRecordHeader(body).length).equals(b("header"))).toBe(true);
    expect(decryptWebPush(b("body"), ua, { singleRecord: true }).toString("utf8")).toBe(v.plaintext_utf8);
  });

  it("refuses tampered bodies and wrong keys", () => {
    const tampered = b("body");
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decryptWebPush(tampered, ua)).toThrow();
    expect(() => decryptWebPush(b("body"), { ...ua, authSecret: Buffer.alloc(16) })).toThrow();
    expect(() => decryptWebPush(b("body").subarray(0, 30), ua)).toThrow();
  });
});

describe("RFC 8188 §3.1", () => {
  it("decrypts 'I am the walrus'", () => {
    const body = Buffer.from(fixture.rfc8188.body, "base64url");
    expect(decryptRecords(body, Buffer.from(fixture.rfc8188.ikm, "base64url")).toString("utf8")).toBe(
      "I am the walrus",
    );
  });
});

describe("our requests as a browser sees them", () => {
  it("our aes128gcm output decrypts with independent code, one record, fresh key and salt each time", () => {
    const target = { endpoint: "https://fcm.googleapis.com/fcm/send/x", p256dh: v.ua_public!, auth: v.auth_secret! };
    const text = "Grüße, 世界 😀 ".repeat(150); // 21 bytes each
    const first = buildPushRequest(target, { payload: text, ttl: 60 }, "vapid t=x, k=y");
    const second = buildPushRequest(target, { payload: text, ttl: 60 }, "vapid t=x, k=y");
    expect(decryptWebPush(first.body, ua, { singleRecord: true }).toString("utf8")).toBe(text);
    const [h1, h2] = [parseRecordHeader(first.body), parseRecordHeader(second.body)];
    expect(h1.salt.equals(h2.salt)).toBe(false);
    expect(h1.keyId.equals(h2.keyId)).toBe(false);
    expect(h1.rs).toBe(4096);
    expect(first.headers).toMatchObject({
      TTL: 60,
      "Content-Encoding": "aes128gcm",
      Authorization: "vapid t=x, k=y",
      Urgency: "normal",
    });
  });

  it("3993 bytes of plaintext make exactly a 4096-byte single-record body", () => {
    const target = { endpoint: "https://fcm.googleapis.com/fcm/send/x", p256dh: v.ua_public!, auth: v.auth_secret! };
    const request = buildPushRequest(target, { payload: "a".repeat(3993), ttl: 0 }, "vapid t=x, k=y");
    expect(request.body.length).toBe(4096);
    expect(decryptWebPush(request.body, ua, { singleRecord: true }).length).toBe(3993);
    expect(() => buildPushRequest(target, { payload: "a".repeat(3994), ttl: 0 }, "vapid t=x, k=y")).toThrow(
      /3994 bytes; Web Push allows 3993/,
    );
  });
});
