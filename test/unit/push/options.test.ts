import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  pushOptionsSchema,
  suggestTopic,
  topicFromName,
  topicLengthMessage,
  topicSchema,
  ttlSchema,
  urgencySchema,
} from "@/lib/push/options";
import { sha256 } from "@/lib/push/sha256";
import { toBase64Url } from "@/lib/push/base64url";

describe("push options", () => {
  it("TTL is an integer from 0 to 2,419,200", () => {
    for (const ok of [0, 1, 86400, 2_419_200]) expect(ttlSchema.safeParse(ok).success).toBe(true);
    for (const bad of [-1, 1.5, 2_419_201, Number.NaN, Infinity, "60", null])
      expect(ttlSchema.safeParse(bad).success).toBe(false);
  });

  it("Urgency is one of the four RFC 8030 values", () => {
    for (const ok of ["very-low", "low", "normal", "high"]) expect(urgencySchema.safeParse(ok).success).toBe(true);
    for (const bad of ["HIGH", "urgent", "low, high", "", " low"])
      expect(urgencySchema.safeParse(bad).success).toBe(false);
  });

  it("Topic: ≤ 32 base64url characters, never a length ≡ 1 (mod 4)", () => {
    for (const ok of ["ab", "abc", "abcd", "a-_9", "x".repeat(32), "x".repeat(31), "x".repeat(30)]) {
      expect(topicSchema.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ["a", "abcde", "x".repeat(9), "x".repeat(29), "x".repeat(33), "", "a b", "a+/=", "ab=", "é"]) {
      expect(topicSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("says why a length is impossible, with the nearest valid lengths and examples", () => {
    expect(topicSchema.safeParse("queued-c3").error?.issues.map((i) => i.message)).toEqual([
      "Topic can't be 9 characters long (Apple's push service decodes it as base64url, where 1, 5, 9, 13… " +
        'characters are impossible). Use 8 or 10 characters, for example "queued-c" or "queued-c3x".',
    ]);
    expect(topicLengthMessage("a", "Replace key")).toContain("Replace key can't be 1 character long");
    expect(topicLengthMessage("a")).toContain('Use 2 characters, for example "ax".');
    expect(topicLengthMessage("x".repeat(29))).toContain("Use 28 or 30 characters");
    // one message per problem: a wrong character is not also told about its length
    expect(topicSchema.safeParse("has space").error?.issues).toHaveLength(1);
    expect(topicSchema.safeParse("x".repeat(33)).error?.issues).toHaveLength(1);
  });

  it("suggests the nearest valid topic for a length problem, nothing for a wrong character", () => {
    expect(suggestTopic("queued-c3")).toBe("queued-c");
    expect(suggestTopic("a")).toBe("ax");
    expect(suggestTopic("y".repeat(40))).toBe("y".repeat(32));
    for (const none of ["queued-c", "", "has space", "é"]) expect(suggestTopic(none), none).toBeNull();
    for (const topic of ["a", "abcde", "x".repeat(29), "z".repeat(33), "queued-c3"])
      expect(topicSchema.safeParse(suggestTopic(topic)).success, topic).toBe(true);
  });

  it("validates the three together", () => {
    expect(pushOptionsSchema.safeParse({ ttl: 60, urgency: "low", topic: "abcd" }).success).toBe(true);
    expect(pushOptionsSchema.safeParse({ ttl: 60 }).success).toBe(true);
    expect(pushOptionsSchema.safeParse({ urgency: "low" }).success).toBe(false);
  });
});

describe("topicFromName", () => {
  it("always yields a valid topic, stable and distinct per name", () => {
    const names = ["", "Black Friday", "😀 émoji", "x".repeat(10_000), "a", "b"];
    const topics = names.map(topicFromName);
    for (const topic of topics) expect(topicSchema.safeParse(topic).success).toBe(true);
    expect(new Set(topics).size).toBe(names.length);
    expect(topicFromName("Black Friday")).toBe(topics[1]);
    expect(topics[1]).not.toContain("Black");
  });

  it("is SHA-256 computed in plain JS (checked against node:crypto at block boundaries)", () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const input = Buffer.alloc(length, 0x61 + (length % 26));
      expect(Buffer.from(sha256(input)).toString("hex")).toBe(createHash("sha256").update(input).digest("hex"));
    }
    expect(topicFromName("Black Friday")).toBe(
      createHash("sha256").update("Black Friday").digest().subarray(0, 24).toString("base64url"),
    );
  });

  it("base64url matches Buffer for every remainder", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31, 32, 33]) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 97 + 251) & 255));
      expect(toBase64Url(bytes)).toBe(bytes.toString("base64url"));
    }
  });
});
