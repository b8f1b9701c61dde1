import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLoopAwareSlots } from "@/lib/sender/loop-aware-slots";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** The event loop was busy for `ms`: the clock moves on, the next sample fires late. */
function blockLoop(ms: number) {
  vi.setSystemTime(Date.now() + ms);
  vi.advanceTimersByTime(10);
}

describe("createLoopAwareSlots", () => {
  it("keeps every slot while the loop keeps time", () => {
    const slots = createLoopAwareSlots(64, { now: () => Date.now() });
    vi.advanceTimersByTime(1_000);
    expect(slots.current()).toBe(64);
    slots.stop();
  });

  it("halves the slots on each late sample down to the minimum, then wins them back step by step", () => {
    const slots = createLoopAwareSlots(64, { now: () => Date.now() });
    blockLoop(30);
    expect(slots.current()).toBe(32);
    blockLoop(30);
    expect(slots.current()).toBe(16);
    for (let i = 0; i < 10; i++) blockLoop(30);
    expect(slots.current()).toBe(2); // a campaign never stops altogether
    blockLoop(15); // late, but within the 20 ms allowance
    expect(slots.current()).toBe(4);
    vi.advanceTimersByTime(10 * 30);
    expect(slots.current()).toBe(64);
    slots.stop();
  });

  it("stops sampling when stopped", () => {
    const slots = createLoopAwareSlots(8, { now: () => Date.now() });
    slots.stop();
    blockLoop(100);
    expect(slots.current()).toBe(8);
    expect(vi.getTimerCount()).toBe(0);
  });
});
