// Entry point for a sink push service in its own process (benchmarks), so its CPU shows separately.
// Started with `fork(..., { execArgv: ["--import", "tsx"] })`; speaks over IPC:
//   → { origin }            once listening
//   ← "usage"  → { cpuUserMs, cpuSystemMs, accepted, maxRssMb }
//   ← "count-start"  → { counting: true }: from now on, counts the pushes per endpoint (from zero)
//   ← "count-report" → { endpoints, requests, repeated, maxPerEndpoint }: endpoints reached, pushes,
//                      endpoints that got more than one, the most one got
//   ← "arrivals" → { [topic]: ms }: when each push carrying an RFC 8030 Topic header first arrived
//                      (Date.now()), so a benchmark can time a message it tagged from its 202 to here
import { startStrictPushService } from "./server";

const decrypt = process.argv.includes("--decrypt");

async function main() {
  let perEndpoint: Map<string, number> | null = null;
  const arrivals = new Map<string, number>();
  const service = await startStrictPushService({
    mode: "sink",
    sinkDecrypt: decrypt,
    onSinkAccepted: (id, headers) => {
      perEndpoint?.set(id, (perEndpoint.get(id) ?? 0) + 1);
      const topic = headers.topic;
      if (typeof topic === "string" && !arrivals.has(topic)) arrivals.set(topic, Date.now());
    },
  });
  let maxRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 200);
  process.send?.({ origin: service.origin });
  process.on("message", (message) => {
    if (message === "usage") {
      const cpu = process.cpuUsage();
      process.send?.({
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        accepted: service.acceptedCount(),
        maxRssMb: maxRss / 2 ** 20,
      });
    } else if (message === "count-start") {
      perEndpoint = new Map();
      process.send?.({ counting: true });
    } else if (message === "arrivals") {
      process.send?.(Object.fromEntries(arrivals));
    } else if (message === "count-report") {
      const counts = [...(perEndpoint ?? new Map<string, number>()).values()];
      process.send?.({
        endpoints: counts.length,
        requests: counts.reduce((sum, n) => sum + n, 0),
        repeated: counts.filter((n) => n > 1).length,
        maxPerEndpoint: counts.reduce((max, n) => Math.max(max, n), 0),
      });
    }
  });
  process.on("disconnect", () => {
    clearInterval(sampler);
    void service.close().then(() => process.exit(0));
  });
}

void main();
