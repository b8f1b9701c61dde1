import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_CONDITIONS, MAX_TOTAL_CONDITIONS, segmentInputSchema, segmentRulesSchema } from "@/lib/segments/schema";

const errorsOf = (value: unknown) => {
  const parsed = segmentRulesSchema.safeParse(value);
  if (parsed.success) throw new Error("expected a failure");
  return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("segmentRulesSchema", () => {
  it("accepts every condition kind and one level of groups", () => {
    const rules = {
      match: "any",
      conditions: [
        { kind: "topics", match: "none", topicIds: [1, 2] },
        { kind: "pushService", op: "isNot", values: ["apple"] },
        { kind: "browser", op: "is", values: [" chrome "] },
        { kind: "platform", op: "is", values: ["ios"] },
        { kind: "language", op: "is", values: ["en"] },
        { kind: "subscribed", op: "after", date: "2025-01-31" },
        { kind: "lastActive", op: "before", date: "2025-01-31T10:00:00+02:00" },
        { kind: "group", match: "all", conditions: [{ kind: "clicked", op: "within", days: 30 }] },
      ],
    };
    const parsed = segmentRulesSchema.parse(rules);
    expect(parsed.conditions[2]).toEqual({ kind: "browser", op: "is", values: ["chrome"] });
  });

  it("refuses unknown kinds, nested groups, bad operators and wrong types with readable messages", () => {
    expect(errorsOf({ match: "all", conditions: [{ kind: "sql", where: "1=1" }] })).toEqual([
      "conditions.0.kind: Unknown condition kind",
    ]);
    expect(errorsOf({ match: "most", conditions: [] })).toEqual(['match: Match must be "all" or "any"']);
    expect(errorsOf({ match: "all", conditions: "everyone" })).toEqual(["conditions: Conditions must be a list"]);
    expect(errorsOf({ match: "all", conditions: "x".repeat(500) })).toEqual(["conditions: Conditions must be a list"]);
    expect(
      errorsOf({
        match: "all",
        conditions: [{ kind: "browser", op: "is", values: "chrome-and-firefox-and-everything-else-too-long" }],
      }),
    ).toEqual(["conditions.0.values: Values must be a list"]);
    const nested = { kind: "group", match: "all", conditions: [{ kind: "group", match: "any", conditions: [] }] };
    expect(errorsOf({ match: "all", conditions: [nested] })).toEqual([
      "conditions.0.conditions.0.kind: Unknown condition kind",
    ]);
    expect(
      errorsOf({ match: "all", conditions: [{ kind: "pushService", op: "is", values: ["carrier-pigeon"] }] })[0],
    ).toContain("Push service must be one of fcm");
    expect(errorsOf({ match: "all", conditions: [{ kind: "clicked", op: "within", days: 1.5 }] })).toEqual([
      "conditions.0.days: Days must be a whole number",
    ]);
    expect(errorsOf({ match: "all", conditions: [{ kind: "clicked", op: "within", days: "7" }] })).toEqual([
      "conditions.0.days: Days must be a number",
    ]);
    expect(
      errorsOf({ match: "all", conditions: [{ kind: "subscribed", op: "before", date: "last tuesday" }] }),
    ).toEqual(["conditions.0.date: Date must be YYYY-MM-DD or an ISO timestamp"]);
    expect(errorsOf({ match: "all", conditions: [{ kind: "topics", match: "any", topicIds: [] }] })).toEqual([
      "conditions.0.topicIds: Pick at least one topic",
    ]);
    expect(errorsOf({ match: "all", conditions: [{ kind: "topics", match: "any", topicIds: [-1] }] })).toEqual([
      "conditions.0.topicIds.0: Topic id must be positive",
    ]);
    expect(errorsOf({ match: "all", conditions: [{ kind: "language", op: "is", values: ["   "] }] })).toEqual([
      "conditions.0.values.0: Value cannot be empty",
    ]);
    expect(errorsOf(null)[0]).toMatch(/^: /);
  });

  it("limits list lengths, value sizes and the size of the tree", () => {
    expect(errorsOf({ match: "all", conditions: [{ kind: "language", op: "is", values: ["x".repeat(65)] }] })).toEqual([
      "conditions.0.values.0: Value is at most 64 characters",
    ]);
    expect(
      errorsOf({ match: "all", conditions: [{ kind: "browser", op: "is", values: Array(51).fill("a") }] }),
    ).toEqual(["conditions.0.values: At most 50 values"]);
    expect(
      errorsOf({
        match: "all",
        conditions: [{ kind: "topics", match: "all", topicIds: Array.from({ length: 101 }, (_, i) => i + 1) }],
      }),
    ).toEqual(["conditions.0.topicIds: At most 100 topics"]);
    const condition = { kind: "clicked", op: "within", days: 1 };
    expect(errorsOf({ match: "all", conditions: Array(MAX_CONDITIONS + 1).fill(condition) })).toEqual([
      `conditions: At most ${MAX_CONDITIONS} conditions`,
    ]);
    const group = { kind: "group", match: "all", conditions: Array(MAX_CONDITIONS).fill(condition) };
    expect(errorsOf({ match: "all", conditions: Array(3).fill(group) })).toEqual([
      `conditions: At most ${MAX_TOTAL_CONDITIONS} conditions in all`,
    ]);
  });

  it("gives flattenable field errors for the segment form", () => {
    const parsed = segmentInputSchema.safeParse({ name: " ", description: 5, rules: { match: "all", conditions: [] } });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(z.flattenError(parsed.error).fieldErrors).toEqual({
        name: ["Name is required"],
        description: ["Description must be text"],
      });
    }
  });
});
