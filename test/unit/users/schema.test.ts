import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createUserSchema, setupOwnerSchema, signInSchema } from "@/lib/users/schema";

const errors = (result: { success: boolean; error?: z.ZodError }) => (result.error ? z.flattenError(result.error).fieldErrors : {});

describe("account input schemas", () => {
  it("asks for at least 10 characters with a clear message", () => {
    const result = setupOwnerSchema.safeParse({ email: "a@example.com", name: "A", password: "short", confirmPassword: "short" });
    expect(errors(result)).toEqual({ password: ["Use at least 10 characters."] });
  });

  it("catches a mismatched confirmation, a bad email and a missing name", () => {
    const result = setupOwnerSchema.safeParse({ email: "not-an-email", name: "  ", password: "long enough password", confirmPassword: "something else" });
    expect(Object.keys(errors(result)).sort()).toEqual(["confirmPassword", "email", "name"]);
  });

  it("normalises the email and rejects wrong types and huge values", () => {
    expect(setupOwnerSchema.parse({ email: " Ada@Example.COM ", name: "Ada", password: "x".repeat(10), confirmPassword: "x".repeat(10) }).email).toBe("ada@example.com");
    expect(signInSchema.safeParse({ email: ["a@b.c"], password: 12 }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@b.c", password: "x".repeat(5000) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: null, password: null }).success).toBe(false);
    expect(createUserSchema.safeParse({ email: "a@example.com", role: "admin", password: "long enough pw" }).success).toBe(false);
  });
});
