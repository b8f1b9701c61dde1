import { describe, expect, it } from "vitest";
import { identitySignature, verifyIdentitySignature } from "@/lib/identity/signature";

// computed once with: node -e 'console.log(require("crypto").createHmac("sha256","test-identity-secret").update("user-42","utf8").digest("hex"))'
const VECTOR = "9de69cb759728ae928361cdee62c53da10c69c56e84c66567467ca6c212ca804";

describe("identity signatures", () => {
  it("is the hex HMAC-SHA256 of the fixed vector", () => {
    expect(identitySignature("test-identity-secret", "user-42")).toBe(VECTOR);
  });

  it("keys by the secret's text and signs the id's UTF-8 bytes", () => {
    expect(identitySignature("s", "andré")).not.toBe(identitySignature("s", "andre\u0301")); // NFC ≠ NFD: exact bytes
    expect(identitySignature("s", "用户")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verifies the right signature, in either case", () => {
    expect(verifyIdentitySignature("test-identity-secret", "user-42", VECTOR)).toBe(true);
    expect(verifyIdentitySignature("test-identity-secret", "user-42", VECTOR.toUpperCase())).toBe(true);
  });

  it("refuses another id, another secret, the wrong length and non-hex", () => {
    expect(verifyIdentitySignature("test-identity-secret", "user-43", VECTOR)).toBe(false);
    expect(verifyIdentitySignature("test-identity-secret", "user-42 ", VECTOR)).toBe(false);
    expect(verifyIdentitySignature("another-secret", "user-42", VECTOR)).toBe(false);
    expect(verifyIdentitySignature("test-identity-secret", "user-42", VECTOR.slice(0, 62))).toBe(false);
    expect(verifyIdentitySignature("test-identity-secret", "user-42", `${VECTOR}00`)).toBe(false);
    expect(verifyIdentitySignature("test-identity-secret", "user-42", "")).toBe(false);
    expect(verifyIdentitySignature("test-identity-secret", "user-42", `${VECTOR.slice(0, 63)}x`)).toBe(false);
  });
});
