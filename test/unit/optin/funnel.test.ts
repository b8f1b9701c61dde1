import { describe, expect, it } from "vitest";
import { getOptinFunnel, incrementOptinEvent, utcDay } from "@/lib/optin/funnel";
import { createTestDb } from "@/test/support/db";

describe("opt-in funnel", () => {
  it("counts per UTC day and fills missing days with zeros", () => {
    const db = createTestDb();
    const day1 = new Date("2030-03-01T23:59:59Z");
    const day3 = new Date("2030-03-03T00:00:01Z");
    incrementOptinEvent(db, "prompt_seen", day1);
    incrementOptinEvent(db, "prompt_seen", day1);
    incrementOptinEvent(db, "optin_clicked", day1);
    incrementOptinEvent(db, "granted", day1);
    incrementOptinEvent(db, "prompt_seen", day3);
    incrementOptinEvent(db, "denied", day3);
    incrementOptinEvent(db, "unsubscribed", new Date("2030-03-09T00:00:00Z")); // outside the range

    const funnel = getOptinFunnel(db, { from: day1, to: day3 });
    expect(funnel.days.map((d) => d.day)).toEqual(["2030-03-01", "2030-03-02", "2030-03-03"]);
    expect(funnel.days[0]).toEqual({
      day: "2030-03-01",
      prompt_seen: 2,
      optin_clicked: 1,
      granted: 1,
      denied: 0,
      unsubscribed: 0,
    });
    expect(funnel.days[1]).toMatchObject({ prompt_seen: 0, granted: 0 });
    expect(funnel.totals).toEqual({ prompt_seen: 3, optin_clicked: 1, granted: 1, denied: 1, unsubscribed: 0 });
  });

  it("uses the UTC day whatever the local zone", () => {
    expect(utcDay(new Date("2030-03-01T23:30:00-05:00"))).toBe("2030-03-02");
  });
});
