import { describe, expect, it } from "vitest";
import { getOptinFunnel, incrementOptinEvent, utcDay } from "@/lib/optin/funnel";
import { ENGINES, useTestDb } from "@/test/support/databases";

describe.each(ENGINES)("opt-in funnel on %s", (engine) => {
  const test = useTestDb(engine);

  it("counts per UTC day and fills missing days with zeros", async () => {
    const db = test.db;
    const day1 = new Date("2030-03-01T23:59:59Z");
    const day3 = new Date("2030-03-03T00:00:01Z");
    await incrementOptinEvent(db, "prompt_seen", day1);
    await incrementOptinEvent(db, "prompt_seen", day1);
    await incrementOptinEvent(db, "optin_clicked", day1);
    await incrementOptinEvent(db, "granted", day1);
    await incrementOptinEvent(db, "prompt_seen", day3);
    await incrementOptinEvent(db, "denied", day3);
    await incrementOptinEvent(db, "unsubscribed", new Date("2030-03-09T00:00:00Z")); // outside the range

    const funnel = await getOptinFunnel(db, { from: day1, to: day3 });
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

  it("counts concurrent events of one day without losing any", async () => {
    const db = test.db;
    const now = new Date("2030-03-01T12:00:00Z");
    await Promise.all(Array.from({ length: 20 }, () => incrementOptinEvent(db, "prompt_seen", now)));
    expect((await getOptinFunnel(db, { from: now, to: now })).totals.prompt_seen).toBe(20);
  });
});

describe("opt-in funnel days", () => {
  it("uses the UTC day whatever the local zone", () => {
    expect(utcDay(new Date("2030-03-01T23:30:00-05:00"))).toBe("2030-03-02");
  });
});
