import { describe, expect, it } from "vitest";
import { externalIdListSchema, externalIdSchema, externalIdSignatureSchema } from "@/lib/identity/schema";

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message ?? "";

describe("externalIdSchema", () => {
  it("takes ids as sites write them, byte for byte", () => {
    for (const id of ["user-42", "42", "a", "x".repeat(128), "andré@example.com", "用户-7", "a b"]) {
      expect(externalIdSchema.parse(id)).toBe(id);
    }
  });

  it("refuses empty, 129 characters, control characters and padding, saying which", () => {
    expect(messageOf(externalIdSchema.safeParse(""))).toMatch(/empty/);
    expect(messageOf(externalIdSchema.safeParse("x".repeat(129)))).toMatch(/longer than 128/);
    for (const id of ["user\n42", "user\t42", "\u0000", "a\u007f", "a\u0085b", "line\r"]) {
      expect(messageOf(externalIdSchema.safeParse(id)), JSON.stringify(id)).toMatch(/control characters/);
    }
    for (const id of [" user-42", "user-42 ", "\u00a0user", "user\u3000"]) {
      expect(messageOf(externalIdSchema.safeParse(id)), JSON.stringify(id)).toMatch(/white space/);
    }
    expect(externalIdSchema.safeParse(42).success).toBe(false);
    expect(externalIdSchema.safeParse(null).success).toBe(false);
  });

  it("a list collapses duplicates and holds 1..10,000", () => {
    expect(externalIdListSchema.parse(["a", "b", "a"])).toEqual(["a", "b"]);
    expect(externalIdListSchema.safeParse([]).success).toBe(false);
    expect(externalIdListSchema.safeParse(Array.from({ length: 10_001 }, (_, i) => `u${i}`)).success).toBe(false);
    expect(externalIdListSchema.safeParse(["ok", "bad "]).success).toBe(false);
  });
});

describe("externalIdSignatureSchema", () => {
  const hex = "9de69cb759728ae928361cdee62c53da10c69c56e84c66567467ca6c212ca804";
  it("takes 64 hex digits and reads upper case as lower", () => {
    expect(externalIdSignatureSchema.parse(hex)).toBe(hex);
    expect(externalIdSignatureSchema.parse(hex.toUpperCase())).toBe(hex);
  });

  it("refuses other lengths and non-hex", () => {
    for (const bad of [
      "",
      hex.slice(1),
      `${hex}0`,
      `${hex.slice(0, 63)}g`,
      ` ${hex.slice(1)}`,
      hex.replace(/./g, "z"),
    ]) {
      expect(externalIdSignatureSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
