import { describe, expect, it } from "vitest";
import { z } from "zod";
import { acceptInvitationSchema } from "@/lib/team/schema";
import { createUserSchema, setupOwnerSchema, signInSchema } from "@/lib/users/schema";

const errors = (result: { success: boolean; error?: z.ZodError }) =>
  result.error ? z.flattenError(result.error).fieldErrors : {};

describe("account input schemas", () => {
  it("asks for at least 10 characters with a clear message", () => {
    const result = setupOwnerSchema.safeParse({
      email: "a@example.com",
      name: "A",
      password: "short",
      confirmPassword: "short",
    });
    expect(errors(result)).toEqual({ password: ["Use at least 10 characters."] });
  });

  it("catches a mismatched confirmation, a bad email and a missing name", () => {
    const result = setupOwnerSchema.safeParse({
      email: "not-an-email",
      name: "  ",
      password: "long enough password",
      confirmPassword: "something else",
    });
    expect(Object.keys(errors(result)).sort()).toEqual(["confirmPassword", "email", "name"]);
  });

  it("normalises the email and rejects wrong types and huge values", () => {
    expect(
      setupOwnerSchema.parse({
        email: " Ada@Example.COM ",
        name: "Ada",
        password: "x".repeat(10),
        confirmPassword: "x".repeat(10),
      }).email,
    ).toBe("ada@example.com");
    expect(signInSchema.safeParse({ email: ["a@b.c"], password: 12 }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@b.c", password: "x".repeat(5000) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: null, password: null }).success).toBe(false);
    expect(
      createUserSchema.safeParse({ email: "a@example.com", role: "admin", password: "long enough pw" }).success,
    ).toBe(false);
  });

  it.each([
    ["NUL", "Olive\u0000"],
    ["a right-to-left override", "\u202EevilO"],
    ["a directional isolate", "Olive\u2066x"],
    ["a zero-width space", "Ol\u200Bive"],
    ["a byte order mark inside", "Ol\uFEFFive"],
    ["a lone surrogate", "Olive\uD800"],
    ["an escape character", "Olive\u001B[31m"],
    ["a line separator", "Olive\u2028Owner"],
  ])("refuses a name with %s, in setup and in an invitation", (_label, name) => {
    const password = "long enough password";
    expect(
      errors(setupOwnerSchema.safeParse({ email: "a@example.com", name, password, confirmPassword: password })),
    ).toHaveProperty("name");
    const token = "A".repeat(43);
    expect(
      errors(acceptInvitationSchema.safeParse({ token, name, password, confirmPassword: password })),
    ).toHaveProperty("name");
  });

  it("keeps names in any script, with accents and emoji sequences", () => {
    for (const name of ["José Ñúñez", "山田 太郎", "محمد", "👩‍💻 Dev", "क्‍ष"]) {
      expect(
        setupOwnerSchema.safeParse({
          email: "a@example.com",
          name,
          password: "x".repeat(10),
          confirmPassword: "x".repeat(10),
        }).success,
      ).toBe(true);
    }
  });

  it("refuses a sign-in email that no account can have, before any lookup", () => {
    for (const email of [
      "<script>@x",
      "owner@example.com\u202E",
      "a\u0000@example.com",
      "not-an-email",
      "x".repeat(300),
    ]) {
      expect(signInSchema.safeParse({ email, password: "whatever it is" }).success).toBe(false);
    }
    expect(signInSchema.parse({ email: " Owner@Example.com ", password: "p" }).email).toBe("owner@example.com");
  });
});
