// npm run worker — a separate sender process on the same database (run the web server with
// SENDER_MODE=off, or beside it: workers cooperate through leases and never send a delivery twice).
import "./allow-server-only";
import { env } from "../lib/env.mjs";
import { getServerContext } from "../lib/server-context";
import { lowerPriority } from "../lib/sender/priority.mjs";
import { startSenderProcess } from "../lib/sender/process";

// before the sender starts its threads, which inherit the priority
lowerPriority(env.SENDER_NICE);

const context = getServerContext();
const sender = startSenderProcess({
  db: context.db,
  extraHostsFromEnv: env.PUSH_EXTRA_HOSTS,
  baseUrl: env.PUBLIC_URL,
  concurrency: env.SENDER_CONCURRENCY,
  leaseMs: env.SENDER_LEASE_MS,
  retentionDays: env.RETENTION_DAYS,
});
console.log(`[worker] ${sender.workerId} sending from ${env.DATABASE_PATH}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing the requests in flight`);
  await sender.stop();
  context.db.$client.close();
  console.log("[worker] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
