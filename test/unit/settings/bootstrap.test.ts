import { describe, expect, it } from "vitest";
import { createECDH } from "node:crypto";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { createTestDb } from "@/test/support/db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import {
  ensureAuthSecret,
  ensureAuthSecretSync,
  ensureVapidKeys,
  ensureVapidKeysSync,
  generateVapidKeys,
} from "@/lib/settings/bootstrap";

describe.each(ENGINES)("first-start bootstrap on %s", (engine) => {
  const test = useTestDb(engine);

  it("creates the VAPID key pair once and never replaces it", async () => {
    const first = await ensureVapidKeys(test.db, "mailto:ops@example.com");
    const second = await ensureVapidKeys(test.db, "mailto:someone-else@example.com");
    expect(second).toEqual(first);
    expect(first.subject).toBe("mailto:ops@example.com");
  });

  it("keeps a generated auth secret, and prefers AUTH_SECRET when given", async () => {
    const generated = await ensureAuthSecret(test.db);
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(await ensureAuthSecret(test.db)).toBe(generated);
    expect(await ensureAuthSecret(test.db, "x".repeat(40))).toBe("x".repeat(40));
  });

  it("lets concurrent first starts agree on one key pair", async () => {
    const all = await Promise.all(
      ["a", "b", "c"].map((name) => ensureVapidKeys(test.db, `mailto:${name}@example.com`)),
    );
    expect(new Set(all.map((keys) => keys.publicKey)).size).toBe(1);
  });
});

// getServerContext() is sync: it creates the keys through these until it can await
describe("first-start bootstrap, sync (getServerContext)", () => {
  it("creates the VAPID key pair once, the same one the async API reads", async () => {
    const db = createTestDb();
    const first = ensureVapidKeysSync(db, "mailto:ops@example.com");
    expect(ensureVapidKeysSync(db, "mailto:someone-else@example.com")).toEqual(first);
    expect(await ensureVapidKeys(sqliteAppDb(db))).toEqual(first);
  });

  it("keeps a generated auth secret, and prefers AUTH_SECRET when given", () => {
    const db = createTestDb();
    const generated = ensureAuthSecretSync(db);
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(ensureAuthSecretSync(db)).toBe(generated);
    expect(ensureAuthSecretSync(db, "x".repeat(40))).toBe("x".repeat(40));
  });
});

describe("generateVapidKeys", () => {
  it("generates a matching P-256 pair", () => {
    for (let i = 0; i < 50; i++) {
      const keys = generateVapidKeys("mailto:a@example.com");
      const ecdh = createECDH("prime256v1");
      ecdh.setPrivateKey(Buffer.from(keys.privateKey, "base64url"));
      expect(ecdh.getPublicKey().toString("base64url")).toBe(keys.publicKey);
      expect(Buffer.from(keys.privateKey, "base64url")).toHaveLength(32);
    }
  });
});
