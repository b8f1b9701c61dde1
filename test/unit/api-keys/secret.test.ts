import { describe, expect, it } from "vitest";
import { API_SCOPES, apiScopeSchema, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import { apiKeyPrefix, generateApiKeySecret, hashApiKeySecret, looksLikeApiKey } from "@/lib/api-keys/secret";

describe("API key secrets", () => {
  it('are "pb_" and 43 base64url characters, each one new', () => {
    const secrets = Array.from({ length: 2_000 }, generateApiKeySecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(3), "base64url")).toHaveLength(32);
      expect(looksLikeApiKey(secret)).toBe(true);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    // 8 random characters are 48 bits: 2,000 prefixes do not collide
    expect(new Set(secrets.map(apiKeyPrefix)).size).toBe(secrets.length);
  });

  it("spread over the whole alphabet (no constant or low-entropy part)", () => {
    const counts = new Map<string, number>();
    const body = Array.from({ length: 2_000 }, () => generateApiKeySecret().slice(3, 45)).join("");
    for (const char of body) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(64);
    // 84,000 characters over 64 symbols: about 1,312 each; a biased generator would be far off
    for (const count of counts.values()) expect(count).toBeGreaterThan(1_000);
    for (const count of counts.values()) expect(count).toBeLessThan(1_650);
  });

  it("hash to the hex SHA-256 of the whole secret, and show an 11-character prefix", () => {
    const secret = `pb_${"A".repeat(43)}`;
    // `printf %s pb_AAA… | sha256sum`: the "pb_" is hashed too
    expect(hashApiKeySecret(secret)).toBe("7357153690af0498a457417daaecc1c3ff4cebf81c23e3bd7c6477c5d5f1d058");
    expect(hashApiKeySecret(secret)).not.toBe(hashApiKeySecret(`pb_${"A".repeat(42)}B`));
    expect(apiKeyPrefix(secret)).toBe("pb_AAAAAAAA");
  });

  it("refuses what is not shaped like one of ours", () => {
    const good = generateApiKeySecret();
    for (const text of [
      "",
      good.slice(0, -1),
      `${good}A`,
      `PB_${good.slice(3)}`,
      `pk_${good.slice(3)}`,
      good.slice(3),
      `pb_${"+".repeat(43)}`,
      `pb_${"A".repeat(42)}=`,
      ` ${good}`,
      `${good}\n`,
    ])
      expect(looksLikeApiKey(text), JSON.stringify(text)).toBe(false);
  });
});

describe("scopes", () => {
  it("are the four of /api/v1, each explained in one sentence", () => {
    expect(API_SCOPES).toEqual([
      "notifications:send",
      "notifications:read",
      "subscriptions:read",
      "subscriptions:write",
    ]);
    for (const scope of API_SCOPES) expect(SCOPE_DESCRIPTIONS[scope]).toMatch(/^[A-Z][^.]+\.$/);
    expect(apiScopeSchema.safeParse("notifications:send").success).toBe(true);
    expect(apiScopeSchema.safeParse("notifications:*").success).toBe(false);
    expect(apiScopeSchema.safeParse("admin").success).toBe(false);
  });
});
