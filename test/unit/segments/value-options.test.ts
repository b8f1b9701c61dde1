import { describe, expect, it } from "vitest";
import { countSegment } from "@/lib/segments/queries";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { createTestDb } from "@/test/support/db";
import { addSubscription, NOW } from "./factory";

describe("segmentValueOptions", () => {
  it("lists the values of active subscriptions, most common first, languages by primary subtag", () => {
    const db = createTestDb();
    addSubscription(db, { browser: "firefox", platform: "linux", language: "en-GB" });
    addSubscription(db, { browser: "chrome", platform: "android", language: "en-US" });
    addSubscription(db, { browser: "chrome", platform: "android", language: "EN" });
    addSubscription(db, { browser: "safari", platform: "ios", language: "fr" });
    addSubscription(db, { browser: "safari", platform: "ios", language: null });
    addSubscription(db, { browser: "edge", platform: "windows", language: "de", status: "expired" });

    const options = segmentValueOptions(db);
    expect(options.browser).toEqual([
      { value: "chrome", count: 2 },
      { value: "safari", count: 2 },
      { value: "firefox", count: 1 },
    ]);
    expect(options.platform.map((o) => o.value)).toEqual(["android", "ios", "linux"]);
    expect(options.language).toEqual([
      { value: "en", count: 3 },
      { value: "fr", count: 1 },
    ]);
    // each offered language counts the same as the rule it would make
    for (const option of options.language) {
      expect(
        countSegment(db, { match: "all", conditions: [{ kind: "language", op: "is", values: [option.value] }] }, NOW),
      ).toBe(option.count);
    }
    expect(segmentValueOptions(db, 1).browser).toEqual([{ value: "chrome", count: 2 }]);
  });
});
