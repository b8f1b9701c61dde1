import { describe, expect, it } from "vitest";
import { countSegment } from "@/lib/segments/queries";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription } from "@/test/support/seeds";
import { NOW } from "./factory";

describe.each(ENGINES)("segmentValueOptions on %s", (engine) => {
  const test = useTestDb(engine);

  it("lists the values of active subscriptions, most common first, languages by primary subtag", async () => {
    const db = test.db;
    await seedSubscription(db, { browser: "firefox", platform: "linux", language: "en-GB" });
    await seedSubscription(db, { browser: "chrome", platform: "android", language: "en-US" });
    await seedSubscription(db, { browser: "chrome", platform: "android", language: "EN" });
    await seedSubscription(db, { browser: "safari", platform: "ios", language: "fr" });
    await seedSubscription(db, { browser: "safari", platform: "ios", language: null });
    await seedSubscription(db, { browser: "edge", platform: "windows", language: "de", status: "expired" });

    const options = await segmentValueOptions(db);
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
        await countSegment(
          db,
          { match: "all", conditions: [{ kind: "language", op: "is", values: [option.value] }] },
          NOW,
        ),
      ).toBe(option.count);
    }
    expect((await segmentValueOptions(db, 1)).browser).toEqual([{ value: "chrome", count: 2 }]);
  });
});
