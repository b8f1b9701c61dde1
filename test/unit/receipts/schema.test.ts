import { describe, expect, it } from "vitest";
import { receiptSchema } from "@/lib/receipts/schema";

const token = "tok_abcdefghijklmnopqrstuvwx";

describe("receiptSchema", () => {
  it("accepts what our service worker sends", () => {
    expect(receiptSchema.safeParse({ token, kind: "shown" }).success).toBe(true);
    expect(receiptSchema.safeParse({ token, kind: "action", action: "action-2" }).success).toBe(true);
  });

  it.each([
    ["markup", "<img src=x onerror=alert(1)>"],
    ["NUL", "action\u00001"],
    ["right-to-left override", "\u202Eaction-1"],
    ["zero-width space", "action\u200B-1"],
    ["lone surrogate", "action-\uD800"],
    ["spaces", "action 1"],
    ["empty", ""],
    ["over 64 characters", "a".repeat(65)],
  ])("refuses an action id with %s (it would be stored as given)", (_label, action) => {
    expect(receiptSchema.safeParse({ token, kind: "action", action }).success).toBe(false);
  });

  it.each([
    ["too short", "abc"],
    ["odd characters", "tok_abcdefghijklmnop<script>"],
    ["a number", 1234567890123456789],
    ["an object", { $gt: "" }],
    ["NUL", "tok_abcdefghijklmnopq\u0000rs"],
  ])("refuses a token that is %s", (_label, bad) => {
    expect(receiptSchema.safeParse({ token: bad, kind: "shown" }).success).toBe(false);
  });
});
