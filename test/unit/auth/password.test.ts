import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword, verifyAgainstDummy } from "@/lib/auth/password";

const FAST = { N: 1024, r: 8, p: 1 };

describe("password hashing (scrypt)", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password", FAST), hashPassword("same password", FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("uses the cost stored in the hash, so older hashes keep working", async () => {
    const hash = await hashPassword("an older password", FAST);
    expect(hash.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(await verifyPassword("an older password", hash)).toBe(true);
  });

  it("treats unicode forms of the same text alike", async () => {
    const hash = await hashPassword("caf\u00e9 au lait!", FAST);
    expect(await verifyPassword("cafe\u0301 au lait!", hash)).toBe(true);
  });

  it("never verifies against a garbled or hostile hash, and never throws", async () => {
    const good = await hashPassword("abcdefghijkl", FAST);
    const [, n, r, p, salt, key] = good.split("$");
    const bad = [
      "",
      "plain-text-password",
      good.replace("scrypt", "bcrypt"),
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, // N absurdly large
      `scrypt$${n}$999$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$${key!.slice(0, 10)}`, // truncated key
      `scrypt$${n}$${r}$${p}$$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$${key!.replace(/.$/, "!")}`,
      `scrypt$-1$${r}$${p}$${salt}$${key}`,
      `scrypt$0x400$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}$${"A".repeat(43)}`,
    ];
    for (const stored of bad) expect(await verifyPassword("abcdefghijkl", stored), stored).toBe(false);
  });

  it("the dummy check always fails", async () => {
    expect(await verifyAgainstDummy("pushboard-dummy-password")).toBe(false);
  });
});
