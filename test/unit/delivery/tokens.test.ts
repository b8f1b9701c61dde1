import { describe, expect, it } from "vitest";
import { newReceiptToken, newReceiptTokens, RECEIPT_TOKEN_LENGTH } from "@/lib/delivery/tokens";

describe("receipt tokens", () => {
  it("are base64url, fixed length, and carry 128 random bits after the time prefix", () => {
    const now = Date.parse("2030-01-01T10:00:00Z");
    const tokens = Array.from({ length: 2_000 }, () => newReceiptToken(now));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${RECEIPT_TOKEN_LENGTH}}$`));
      expect(Buffer.from(token, "base64url").readUIntBE(0, 6)).toBe(now);
    }
    // the random part differs in every byte position across tokens (no constant tail)
    const tails = tokens.map((t) => Buffer.from(t, "base64url").subarray(6));
    for (let i = 0; i < 16; i++) expect(new Set(tails.map((b) => b[i])).size).toBeGreaterThan(100);
  });

  it("share a prefix within one chunk's millisecond, so its inserts stay together in the token index", () => {
    const now = 1_795_400_000_123;
    const prefixes = new Set(Array.from({ length: 100 }, () => newReceiptToken(now).slice(0, 8)));
    expect(prefixes.size).toBe(1);
    expect(newReceiptToken(now + 1).slice(0, 8)).not.toBe([...prefixes][0]);
  });

  it("survive odd clocks", () => {
    expect(newReceiptToken(-5)).toHaveLength(RECEIPT_TOKEN_LENGTH);
    expect(newReceiptToken(2 ** 50)).toHaveLength(RECEIPT_TOKEN_LENGTH);
  });

  it("come by the chunk in the same format, each with its own random part", () => {
    const now = Date.parse("2030-01-01T10:00:00Z");
    const tokens = newReceiptTokens(now, 2_000);
    expect(tokens).toHaveLength(2_000);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${RECEIPT_TOKEN_LENGTH}}$`));
      expect(Buffer.from(token, "base64url").readUIntBE(0, 6)).toBe(now);
    }
    const tails = tokens.map((t) => Buffer.from(t, "base64url").subarray(6));
    for (let i = 0; i < 16; i++) expect(new Set(tails.map((b) => b[i])).size).toBeGreaterThan(100);
    expect(newReceiptTokens(now, 0)).toEqual([]);
  });
});
