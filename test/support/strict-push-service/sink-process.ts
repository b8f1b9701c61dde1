// Entry point for a sink push service in its own process (benchmarks), so its CPU shows separately.
// Started with `fork(..., { execArgv: ["--import", "tsx"] })`; speaks over IPC:
//   → { origin }            once listening
//   ← "usage"  → { cpuUserMs, cpuSystemMs, accepted, maxRssMb }
import { startStrictPushService } from "./server";

const decrypt = process.argv.includes("--decrypt");

async function main() {
  const service = await startStrictPushService({ mode: "sink", sinkDecrypt: decrypt });
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
    }
  });
  process.on("disconnect", () => {
    clearInterval(sampler);
    void service.close().then(() => process.exit(0));
  });
}

void main();
