// The measuring parts of bench:send that its figures rest on: the CPU meter, /proc stat parsing, the
// workers' concurrency, and the sink's per-endpoint count behind "every delivery sent exactly once".
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statCpu } from "@/scripts/bench-send/common";
import { CpuMeter, meterDelta, meterSummary } from "@/scripts/bench-send/cpu-meter";
import { workerConcurrencyFor } from "@/scripts/bench-send/postgres";
import { startSink, type Sink } from "@/scripts/bench-send/sink";
import { ensureTestTls } from "@/test/support/tls";

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("CpuMeter", () => {
  it("counts a measured call inside another once, and its CPU never above its wall time", () => {
    const meter = new CpuMeter();
    const before = meter.reading();
    for (let i = 0; i < 40; i++) meter.measure(() => meter.measure(() => busy(2)));
    const span = meterSummary(meterDelta(before, meter.reading()));
    expect(span.calls).toBe(40);
    expect(span.wallSeconds).toBeGreaterThanOrEqual(0.08);
    expect(span.cpuSeconds).toBeGreaterThan(0);
    expect(span.cpuSeconds).toBeLessThanOrEqual(span.wallSeconds);
  });

  it("returns what the call returns and lets its error through", () => {
    const meter = new CpuMeter();
    expect(meter.measure(() => 42)).toBe(42);
    expect(() =>
      meter.measure(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(meter.reading().calls).toBe(2);
  });
});

describe("statCpu", () => {
  it("reads utime + stime (and the reaped children's) after a command name with spaces and parentheses", () => {
    const line = "42 (post gres: (x)) S 7 42 42 0 -1 4194560 100 0 0 0 150 50 30 20 20 0 1 0 100 0 0";
    expect(statCpu(line)).toEqual({ seconds: 2, ppid: 7 });
    expect(statCpu(line, true).seconds).toBe(2.5);
  });
});

describe("workerConcurrencyFor", () => {
  it("gives the SENDER_CONCURRENCY whose per-origin share (3/4, rounded up) is the asked one", () => {
    for (const perOrigin of [1, 16, 64, 100]) {
      const c = workerConcurrencyFor(perOrigin);
      expect(Math.ceil((c * 3) / 4)).toBe(perOrigin);
    }
    expect(workerConcurrencyFor(64)).toBe(85);
  });
});

describe("the bench's sink", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  }, 30_000);
  afterAll(() => sink.stop());

  const push = (id: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${sink.origin}/push/${id}`, { method: "POST", ca: ensureTestTls().cert }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end("x");
    });

  it("counts the pushes per endpoint from the moment it is asked to, and says which got more than one", async () => {
    await push("before-counting");
    await sink.startCounting();
    expect(await Promise.all([push("a-1"), push("b-2"), push("a-1")])).toEqual([201, 201, 201]);
    expect(await sink.counts()).toEqual({ endpoints: 2, requests: 3, repeated: 1, maxPerEndpoint: 2 });
    await sink.startCounting();
    expect(await sink.counts()).toEqual({ endpoints: 0, requests: 0, repeated: 0, maxPerEndpoint: 0 });
    expect((await sink.usage()).accepted).toBe(4);
  });
});
