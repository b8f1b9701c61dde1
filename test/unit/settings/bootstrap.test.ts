import { describe, expect, it } from "vitest";
import { createECDH } from "node:crypto";
import { createTestDb } from "@/test/support/db";
import { ensureAuthSecret, ensureVapidKeys, generateVapidKeys } from "@/lib/settings/bootstrap";

describe("first-start bootstrap", () => {
  it("creates the VAPID key pair once and never replaces it", () => {
    const db = createTestDb();
    const first = ensureVapidKeys(db, "mailto:ops@example.com");
    const second = ensureVapidKeys(db, "mailto:someone-else@example.com");
    expect(second).toEqual(first);
    expect(first.subject).toBe("mailto:ops@example.com");
  });

  it("generates a matching P-256 pair", () => {
    for (let i = 0; i < 50; i++) {
      const keys = generateVapidKeys("mailto:a@example.com");
      const ecdh = createECDH("prime256v1");
      ecdh.setPrivateKey(Buffer.from(keys.privateKey, "base64url"));
      expect(ecdh.getPublicKey().toString("base64url")).toBe(keys.publicKey);
      expect(Buffer.from(keys.privateKey, "base64url")).toHaveLength(32);
    }
  });

  it("keeps a generated auth secret, and prefers AUTH_SECRET when given", () => {
    const db = createTestDb();
    const generated = ensureAuthSecret(db);
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(ensureAuthSecret(db)).toBe(generated);
    expect(ensureAuthSecret(db, "x".repeat(40))).toBe("x".repeat(40));
  });
});
